/* quiz_bank_check.c: a question as an author submits it, checked and cleaned before it
 * reaches the writer (kinds, languages, lengths, options and correct answers, accepted
 * fill-in answers and their keys, tags), and the question's JSON both ways (the API's
 * representation, also the revision snapshot). No SQL here. */
#include "base/common.h"
#include "base/utf8.h"
#include "quiz/quiz_bank.h"
#include "text/text.h"

#include <string.h>

const char *const quiz_truefalse_zh[2] = {"正确", "错误"};
const char *const quiz_truefalse_mn[2] = {"ᠵᠦᠪ", "ᠪᠤᠷᠤᠭᠤ"};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Normalizes *s (text_normalize, then trimmed) into the arena; ERR when it has more than
 * max characters. A NULL *s becomes "". */
static int tidy(struct arena *a, const char **s, size_t max)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (*s)
		text_normalize(*s, strlen(*s), &sb);
	const char *p = sb.data;
	size_t n = sb.len;
	for (; n && is_blank(*p); p++)
		n--;
	while (n && is_blank(p[n - 1]))
		n--;
	int rc = utf8_length(p, n) > max ? ERR : OK;
	char *t = arena_strndup(a, p, n), *w = t;
	for (const char *r = t; *r; r++) /* line breaks as LF: CRLF and a lone CR */
		if (*r != '\r')
			*w++ = *r;
		else if (r[1] != '\n')
			*w++ = '\n';
	*w = '\0';
	*s = t;
	strbuf_free(&sb);
	return rc;
}

/* tidy for one-line values (category, tags): control characters become spaces first. */
static int tidy_line(struct arena *a, const char **s, size_t max)
{
	if (*s && strpbrk(*s, "\t\n\r\v\f")) {
		char *t = arena_strdup(a, *s);
		for (char *p = t; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		*s = t;
	}
	return tidy(a, s, max);
}

static int fail(const char **field, const char **key, const char *f, const char *k)
{
	*field = f;
	*key = k;
	return ERR;
}

/* Splits tags at ASCII or full-width commas, trims, drops empty and repeated ones. */
static int tags_check(struct arena *a, struct quiz_question *q, const char **field,
                      const char **key)
{
	const char *s = q->tags ? q->tags : "";
	struct strbuf out;
	strbuf_init(&out);
	int n = 0, rc = OK;
	while (*s && rc == OK) {
		const char *comma = s;
		while (*comma && *comma != ',' && strncmp(comma, "，", 3) != 0)
			comma++;
		const char *t = arena_strndup(a, s, (size_t)(comma - s));
		if (tidy_line(a, &t, QUIZ_TAG_MAX) != OK)
			rc = fail(field, key, "tags", "quiz_bank.error.tag_too_long");
		else if (*t) {
			size_t tl = strlen(t);
			bool dup = false;
			for (const char *p = out.data; *p && !dup;) {
				const char *e = strchr(p, ',');
				size_t pl = e ? (size_t)(e - p) : strlen(p);
				dup = pl == tl && memcmp(p, t, tl) == 0;
				p += pl + (e != NULL);
			}
			if (!dup) {
				if (++n > QUIZ_TAGS_MAX)
					rc = fail(field, key, "tags",
					          "quiz_bank.error.too_many_tags");
				if (out.len)
					strbuf_putc(&out, ',');
				strbuf_puts(&out, t);
			}
		}
		s = !*comma ? comma : comma + (*comma == ',' ? 1 : 3);
	}
	q->tags = arena_strndup(a, out.data, out.len);
	strbuf_free(&out);
	return rc;
}

static int options_check(struct arena *a, struct quiz_question *q, const char **field,
                         const char **key)
{
	bool tf = strcmp(q->kind, "truefalse") == 0;
	if (q->n_answers)
		return fail(field, key, "answers", "quiz_bank.error.answers_not_fill");
	if (q->n_options < 2 || q->n_options > QUIZ_OPTIONS_MAX || (tf && q->n_options != 2))
		return fail(field, key, "options",
		            tf ? "quiz_bank.error.truefalse_options"
		               : "quiz_bank.error.option_count");
	size_t correct = 0;
	for (size_t i = 0; i < q->n_options; i++) {
		struct quiz_option *o = &q->options[i];
		o->position = (int)i + 1;
		correct += o->correct;
		if (tf) { /* the two fixed options; only which one is correct comes from the author
			   */
			o->text_zh = quiz_truefalse_zh[i];
			o->text_mn = quiz_truefalse_mn[i];
			continue;
		}
		if (tidy(a, &o->text_zh, QUIZ_OPTION_MAX) != OK)
			return fail(field, key, arena_printf(a, "options[%zu].text_zh", i),
			            "error.too_long");
		if (tidy(a, &o->text_mn, QUIZ_OPTION_MAX) != OK)
			return fail(field, key, arena_printf(a, "options[%zu].text_mn", i),
			            "error.too_long");
		if (*q->stem_zh && !*o->text_zh)
			return fail(field, key, arena_printf(a, "options[%zu].text_zh", i),
			            "quiz_bank.error.option_text_zh");
		if (*q->stem_mn && !*o->text_mn)
			return fail(field, key, arena_printf(a, "options[%zu].text_mn", i),
			            "quiz_bank.error.option_text_mn");
	}
	if (strcmp(q->kind, "multi") == 0 ? correct == 0 : correct != 1)
		return fail(field, key, "options",
		            strcmp(q->kind, "multi") == 0 ? "quiz_bank.error.multi_correct"
		                                          : "quiz_bank.error.one_correct");
	return OK;
}

static int answers_check(struct arena *a, struct quiz_question *q, const char **field,
                         const char **key)
{
	if (q->n_options)
		return fail(field, key, "options", "quiz_bank.error.options_not_choice");
	size_t kept = 0;
	for (size_t i = 0; i < q->n_answers; i++) {
		struct quiz_accepted *k = &q->answers[i];
		if (tidy(a, &k->answer, QUIZ_ANSWER_MAX) != OK)
			return fail(field, key, arena_printf(a, "answers[%zu]", i),
			            "error.too_long");
		k->key = quiz_answer_key(a, k->answer);
		if (!*k->key)
			return fail(field, key, arena_printf(a, "answers[%zu]", i),
			            "quiz_bank.error.answer_empty");
		bool dup = false;
		for (size_t j = 0; j < kept && !dup; j++)
			dup = strcmp(q->answers[j].key, k->key) == 0;
		if (!dup)
			q->answers[kept++] = *k;
	}
	q->n_answers = kept;
	if (kept == 0 || kept > QUIZ_ANSWERS_MAX)
		return fail(field, key, "answers", "quiz_bank.error.answer_count");
	return OK;
}

int quiz_question_check(struct arena *a, struct quiz_question *q, const char **field,
                        const char **error_key)
{
	if (!quiz_kind_valid(q->kind))
		return fail(field, error_key, "kind", "quiz_bank.error.kind");
	if (!q->status || !*q->status)
		q->status = "active";
	if (!quiz_status_valid(q->status))
		return fail(field, error_key, "status", "quiz_bank.error.status");
	if (q->difficulty < 1 || q->difficulty > 5)
		return fail(field, error_key, "difficulty", "quiz_bank.error.difficulty");
	if (tidy(a, &q->stem_zh, QUIZ_STEM_MAX) != OK)
		return fail(field, error_key, "stem_zh", "error.too_long");
	if (tidy(a, &q->stem_mn, QUIZ_STEM_MAX) != OK)
		return fail(field, error_key, "stem_mn", "error.too_long");
	if (!*q->stem_zh && !*q->stem_mn)
		return fail(field, error_key, "stem_zh", "quiz_bank.error.stem_required");
	if (tidy(a, &q->explanation_zh, QUIZ_EXPLANATION_MAX) != OK)
		return fail(field, error_key, "explanation_zh", "error.too_long");
	if (tidy(a, &q->explanation_mn, QUIZ_EXPLANATION_MAX) != OK)
		return fail(field, error_key, "explanation_mn", "error.too_long");
	if (tidy_line(a, &q->category, QUIZ_CATEGORY_MAX) != OK)
		return fail(field, error_key, "category", "error.too_long");
	if (tags_check(a, q, field, error_key) != OK)
		return ERR;
	return strcmp(q->kind, "fill") == 0 ? answers_check(a, q, field, error_key)
	                                    : options_check(a, q, field, error_key);
}

/* ---- JSON ---- */

json_t *quiz_question_json(const struct quiz_question *q)
{
	json_t *opts = json_array(), *answers = json_array();
	for (size_t i = 0; i < q->n_options; i++) {
		const struct quiz_option *o = &q->options[i];
		json_array_append_new(opts, json_pack("{s:I, s:i, s:s, s:s, s:b}", "id",
		                                      (json_int_t)o->id, "position", o->position,
		                                      "text_zh", o->text_zh ? o->text_zh : "",
		                                      "text_mn", o->text_mn ? o->text_mn : "",
		                                      "correct", o->correct));
	}
	for (size_t i = 0; i < q->n_answers; i++)
		json_array_append_new(answers, json_string(q->answers[i].answer));
	json_t *tags = json_array();
	for (const char *p = q->tags ? q->tags : ""; *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(tags, json_stringn(p, n));
		p += n + (e != NULL);
	}
	return json_pack(
	    "{s:I, s:s, s:s, s:i, s:o, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:I,"
	    " s:I}",
	    "id", (json_int_t)q->id, "kind", q->kind, "category", q->category ? q->category : "",
	    "difficulty", q->difficulty, "tags", tags, "stem_zh", q->stem_zh ? q->stem_zh : "",
	    "stem_mn", q->stem_mn ? q->stem_mn : "", "explanation_zh",
	    q->explanation_zh ? q->explanation_zh : "", "explanation_mn",
	    q->explanation_mn ? q->explanation_mn : "", "status", q->status ? q->status : "active",
	    "version", (json_int_t)q->version, "options", opts, "answers", answers, "created_at",
	    (json_int_t)q->created_at, "updated_at", (json_int_t)q->updated_at);
}

/* A string member into *out (absent or null: unchanged); ERR when of another type. */
static int member_str(json_t *j, const char *name, const char **out)
{
	json_t *v = json_object_get(j, name);
	if (!v || json_is_null(v))
		return OK;
	if (!json_is_string(v))
		return ERR;
	*out = json_string_value(v);
	return OK;
}

/* "tags": an array of strings or one comma-separated string, into a comma-separated one. */
static int member_tags(struct arena *a, json_t *j, const char **out)
{
	json_t *v = json_object_get(j, "tags");
	if (!v || json_is_null(v) || json_is_string(v))
		return member_str(j, "tags", out);
	if (!json_is_array(v) || json_array_size(v) > QUIZ_TAGS_MAX * 4)
		return ERR;
	struct strbuf sb;
	strbuf_init(&sb);
	size_t i;
	json_t *t;
	int rc = OK;
	json_array_foreach(v, i, t)
	{
		if (!json_is_string(t) || strchr(json_string_value(t), ','))
			rc = ERR;
		else {
			if (sb.len)
				strbuf_putc(&sb, ',');
			strbuf_puts(&sb, json_string_value(t));
		}
	}
	*out = arena_strndup(a, sb.data, sb.len);
	strbuf_free(&sb);
	return rc;
}

static int member_options(struct arena *a, json_t *j, struct quiz_question *q, const char **field)
{
	json_t *v = json_object_get(j, "options");
	json_t *tf = json_object_get(j, "answer"); /* truefalse: "answer": true | false */
	if (json_is_boolean(tf) && (!v || json_is_null(v))) {
		q->n_options = 2;
		q->options = arena_alloc(a, 2 * sizeof *q->options);
		q->options[0].correct = json_is_true(tf);
		q->options[1].correct = !json_is_true(tf);
		return OK;
	}
	if (tf && !json_is_null(tf)) {
		*field = "answer";
		return ERR;
	}
	if (!v || json_is_null(v))
		return OK;
	if (!json_is_array(v) || json_array_size(v) > QUIZ_OPTIONS_MAX * 4) {
		*field = "options";
		return ERR;
	}
	q->n_options = json_array_size(v);
	q->options = arena_alloc(a, (q->n_options + 1) * sizeof *q->options);
	size_t i;
	json_t *o;
	json_array_foreach(v, i, o)
	{
		json_t *c = json_object_get(o, "correct");
		if (!json_is_object(o) || (c && !json_is_boolean(c)) ||
		    member_str(o, "text_zh", &q->options[i].text_zh) != OK ||
		    member_str(o, "text_mn", &q->options[i].text_mn) != OK) {
			*field = arena_printf(a, "options[%zu]", i);
			return ERR;
		}
		q->options[i].correct = json_is_true(c);
	}
	return OK;
}

static int member_answers(struct arena *a, json_t *j, struct quiz_question *q, const char **field)
{
	json_t *v = json_object_get(j, "answers");
	if (!v || json_is_null(v))
		return OK;
	if (!json_is_array(v) || json_array_size(v) > QUIZ_ANSWERS_MAX * 4) {
		*field = "answers";
		return ERR;
	}
	q->n_answers = json_array_size(v);
	q->answers = arena_alloc(a, (q->n_answers + 1) * sizeof *q->answers);
	size_t i;
	json_t *s;
	json_array_foreach(v, i, s)
	{
		if (!json_is_string(s)) {
			*field = arena_printf(a, "answers[%zu]", i);
			return ERR;
		}
		q->answers[i].answer = json_string_value(s);
	}
	return OK;
}

int quiz_question_from_json(struct arena *a, json_t *j, struct quiz_question *q, const char **field,
                            const char **error_key)
{
	memset(q, 0, sizeof *q);
	q->difficulty = 3;
	*error_key = "error.invalid_value";
	if (!json_is_object(j))
		return fail(field, error_key, NULL, "error.invalid_value");
	static const char *const names[] = {
	    "kind", "category", "stem_zh", "stem_mn", "explanation_zh", "explanation_mn", "status"};
	const char **dst[] = {&q->kind,           &q->category,       &q->stem_zh, &q->stem_mn,
	                      &q->explanation_zh, &q->explanation_mn, &q->status};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (member_str(j, names[i], dst[i]) != OK)
			return fail(field, error_key, names[i], "error.invalid_value");
	if (!q->kind)
		return fail(field, error_key, "kind", "error.required");
	json_t *d = json_object_get(j, "difficulty");
	if (d && !json_is_null(d)) {
		if (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 5)
			return fail(field, error_key, "difficulty", "quiz_bank.error.difficulty");
		q->difficulty = (int)json_integer_value(d);
	}
	if (member_tags(a, j, &q->tags) != OK)
		return fail(field, error_key, "tags", "error.invalid_value");
	if (member_options(a, j, q, field) != OK || member_answers(a, j, q, field) != OK)
		return ERR;
	return OK;
}
