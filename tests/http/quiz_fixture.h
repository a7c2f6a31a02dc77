/* quiz_fixture.h: shared set-up for the quiz end-to-end tests — a question bank written
 * straight into the database (the bank's own API is another part of the module), verified
 * participants, and small JSON helpers. Header-only: included by test_quiz*.c. */
#ifndef TALA_TEST_QUIZ_FIXTURE_H
#define TALA_TEST_QUIZ_FIXTURE_H

#include "harness.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QPASS "Steppe-Wind-2024"

static inline void fx_exec(const char *data_dir, const char *sql)
{
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", data_dir);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("open %s", path);
	sqlite3_busy_timeout(db, 10000);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

/* n questions in each category: "sci" single choice (4 options, the first correct), "tf"
 * true/false (the second correct), "multi" (options 1 and 3 of 4 correct), "fill" (accepts
 * "Hohhot" and "呼和浩特"). Stems are bilingual; explanations say "because". */
static inline void fx_bank(const char *data_dir, int n)
{
	struct strbuf_like {
		char *p;
		size_t len, cap;
	} sb = {0};
#define ADD(...)                                                                                   \
	do {                                                                                       \
		char line[1024];                                                                   \
		int n_ = snprintf(line, sizeof line, __VA_ARGS__);                                 \
		if (sb.len + (size_t)n_ + 1 > sb.cap) {                                            \
			sb.cap = (sb.cap + (size_t)n_ + 1) * 2;                                    \
			sb.p = realloc(sb.p, sb.cap);                                              \
		}                                                                                  \
		memcpy(sb.p + sb.len, line, (size_t)n_ + 1);                                       \
		sb.len += (size_t)n_;                                                              \
	} while (0)
	ADD("BEGIN;");
	static const char *const kinds[] = {"single", "truefalse", "multi", "fill"};
	static const char *const cats[] = {"sci", "tf", "multi", "fill"};
	for (int c = 0; c < 4; c++)
		for (int i = 0; i < n; i++) {
			ADD("INSERT INTO quiz_questions(kind, category, stem_zh, stem_mn, "
			    "explanation_zh,"
			    " explanation_mn, created_at, updated_at) VALUES ('%s', '%s', "
			    "'问题%s%d',"
			    " 'ᠠᠰᠠᠭᠤᠯᠲᠠ %s %d', '因为%s%d', 'ᠤᠴᠢᠷ %d', 0, 0);",
			    kinds[c], cats[c], cats[c], i, cats[c], i, cats[c], i, i);
			int nopt = c == 1 ? 2 : c == 3 ? 0 : 4;
			for (int k = 1; k <= nopt; k++) {
				int correct = c == 0   ? k == 1
				              : c == 1 ? k == 2
				                       : (k == 1 || k == 3);
				ADD("INSERT INTO quiz_options(question_id, position, text_zh, "
				    "text_mn,"
				    " correct) VALUES ((SELECT max(id) FROM quiz_questions), %d, "
				    "'选项%d',"
				    " 'ᠰᠣᠩᠭᠣᠯᠲᠠ %d', %d);",
				    k, k, k, correct);
			}
			if (c == 3)
				ADD("INSERT INTO quiz_accepted_answers(question_id, answer, "
				    "answer_key)"
				    " SELECT max(id), 'Hohhot', 'hohhot' FROM quiz_questions UNION "
				    "ALL"
				    " SELECT max(id), '呼和浩特', '呼和浩特' FROM quiz_questions;");
		}
	ADD("COMMIT;");
#undef ADD
	fx_exec(data_dir, sb.p);
	free(sb.p);
}

/* A participant with a proven phone number in region; returns the user id. */
static inline int64_t fx_participant(const char *data_dir, const char *login, const char *phone,
                                     const char *region)
{
	int64_t id = harness_user_add(data_dir, login, QPASS, phone, "citizen", "15");
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE users SET region_code = '%s', phone_verified_at = 1 WHERE id = %lld",
	         region, (long long)id);
	fx_exec(data_dir, sql);
	return id;
}

static inline int64_t fx_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline json_t *fx_json(const struct http_resp *r)
{
	json_t *j = json_loads(r->body ? r->body : "", 0, NULL);
	if (!j)
		fail_msg("not JSON (%ld): %s", r->status, r->body ? r->body : "");
	return j;
}

/* A JSON request as c; returns the body (NULL when not JSON) and the status. */
static inline json_t *fx_call(struct server *s, const struct creds *c, const char *method,
                              const char *path, const char *body, long *status)
{
	struct http_resp r = http_as(s, c, method, path, body ? "application/json" : NULL, body);
	*status = r.status;
	json_t *j = json_loads(r.body ? r.body : "", 0, NULL);
	http_resp_free(&r);
	return j;
}

/* The correct option of position pos in attempt id, from the database (what the server knows
 * and never sends before the end). */
static inline int64_t fx_correct_option(const char *data_dir, int64_t attempt, int pos)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT o.id FROM quiz_options o JOIN quiz_attempt_items i ON i.question_id ="
	         " o.question_id WHERE i.attempt_id = %lld AND i.position = %d AND o.correct = 1"
	         " ORDER BY o.position LIMIT 1",
	         (long long)attempt, pos);
	return harness_db_int(data_dir, sql);
}

/* The JSON body answering item it of an attempt correctly (right = true) or wrongly. */
static inline char *fx_answer_body(const char *data_dir, int64_t attempt, json_t *it, bool right,
                                   const char *token)
{
	int pos = (int)json_integer_value(json_object_get(it, "position"));
	const char *kind = json_string_value(json_object_get(it, "kind"));
	json_t *opts = json_object_get(it, "options");
	json_t *body = json_object();
	json_object_set_new(body, "token", json_string(token));
	if (strcmp(kind, "fill") == 0) {
		json_object_set_new(body, "text", json_string(right ? " HOHHOT " : "Baotou"));
	} else if (strcmp(kind, "multi") == 0) {
		json_t *arr = json_array();
		for (size_t k = 0; k < json_array_size(opts); k++) {
			int64_t oid =
			    json_integer_value(json_object_get(json_array_get(opts, k), "id"));
			char q[256];
			snprintf(q, sizeof q, "SELECT correct FROM quiz_options WHERE id = %lld",
			         (long long)oid);
			if ((harness_db_int(data_dir, q) == 1) == right)
				json_array_append_new(arr, json_integer(oid));
		}
		json_object_set_new(body, "options", arr);
	} else {
		int64_t good = fx_correct_option(data_dir, attempt, pos), pick = good;
		if (!right)
			for (size_t k = 0; k < json_array_size(opts); k++) {
				int64_t oid = json_integer_value(
				    json_object_get(json_array_get(opts, k), "id"));
				if (oid != good) {
					pick = oid;
					break;
				}
			}
		json_object_set_new(body, "options", json_pack("[I]", (json_int_t)pick));
	}
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	return s;
}

/* A multipart body (boundary XyZ) with the given "name=value" fields and a part "file"
 * holding file (len bytes, no NUL among them); malloc'd, NUL-terminated. */
static inline char *fx_multipart(const char *file, size_t len, const char *const *fields, size_t n)
{
	size_t cap = len + 1024;
	char *b = malloc(cap);
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		k +=
		    snprintf(b + k, cap - (size_t)k,
		             "--XyZ\r\nContent-Disposition: form-data; name=\"%.*s\"\r\n\r\n%s\r\n",
		             (int)(eq - fields[i]), fields[i], eq + 1);
	}
	k += snprintf(
	    b + k, cap - (size_t)k,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\n");
	memcpy(b + k, file, len);
	k += (int)len;
	snprintf(b + k, cap - (size_t)k, "\r\n--XyZ--\r\n");
	return b;
}

#endif
