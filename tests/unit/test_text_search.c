/* test_text_search.c: search quality through SQLite FTS5: the same documents indexed with
 * the "tala" tokenizer and with FTS5's built-in unicode61; queries in mixed encodings
 * (standard Unicode, mis-encodings that display the same, Menksoft, Latin transliteration,
 * pinyin, traditional characters, full-width Latin) must find their document. Prints both
 * recalls; asserts tala finds every pair and beats unicode61. */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"
#include "test_text_util.h"
#include "text/text.h"

/* Documents: rowid = index + 1. */
static const char *const docs[] = {
    /* 1: bičig (document) and mongɣol in standard Unicode */
    "\u182A\u1822\u1834\u1822\u182D \u182E\u1823\u1829\u182D\u1823\u182F \u1833\u1824\u1837",
    /* 2: ordo (palace) */
    "\u1823\u1837\u1833\u1823 \u1820\u182A\u1824",
    /* 3: ger–ün with NNBSP (older encoding) */
    "\u182D\u1821\u1837\u202F\u1826\u1828 \u1821\u1828\u1821",
    /* 4: Chinese */
    "内蒙古自治区科学技术协会举办科普知识竞赛",
    /* 5: Chinese place */
    "呼和浩特市科技馆开放日",
    /* 6: Latin, full width */
    "Tala ＡＰＩ platform 2024",
    /* 7: sečen in standard Unicode with a nirugu-free spelling */
    "\u1830\u1821\u1834\u1821\u1828",
};

struct pair {
	const char *query;
	int doc;
	const char *what;
};

static const struct pair pairs[] = {
    {"\u182A\u1822\u1834\u1822\u182D", 1, "standard Unicode"},
    {"\u182E\u1824\u1829\u182D\u1824\u182F", 1, "mis-encoded u for o (same shape)"},
    {"bichig", 1, "Latin transliteration"},
    {"monggol", 1, "Latin transliteration"},
    {"\u182A\u1822\u200D\u1834\u1822\u182D", 1, "stray ZWJ"},
    {"\u1824\u1837\u1832\u1824", 2, "urtu: same shape as ordo"},
    {"\u1824\u1837\u1833\u1824", 2, "urdu: same shape as ordo"},
    {"\u182D\u1821\u1837\u180E\u1826\u1828", 3, "MVS where the document has NNBSP"},
    {"\u182D\u1821\u1837", 3, "stem without the suffix"},
    {"\uE2E3\uE276\uE325", 3, "Menksoft query for ger"},
    {"科普", 4, "Chinese word"},
    {"kepu", 4, "pinyin"},
    {"ke pu", 4, "pinyin syllables"},
    {"科學技術", 4, "traditional characters"},
    {"知识竞赛", 4, "Chinese phrase"},
    {"呼和浩特", 5, "place name"},
    {"api", 6, "full-width Latin"},
    {"PLATFORM", 6, "case"},
    {"\u1830\u1821\u1834\u1821\u180B\u1828", 7, "redundant FVS1 on e"},
    {"sechen", 7, "Latin transliteration"},
};

/* Builds an FTS5 MATCH expression: each whitespace-separated piece as a quoted string. */
static void match_expr(const char *q, struct strbuf *out)
{
	const char *p = q;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (out->len)
			strbuf_putc(out, ' ');
		strbuf_putc(out, '"');
		for (const char *c = p; c < e; c++) {
			if (*c == '"')
				strbuf_putc(out, '"');
			strbuf_putc(out, *c);
		}
		strbuf_putc(out, '"');
		p = e;
	}
}

static void insert(sqlite3 *db, const char *table, int rowid, const char *text, size_t len)
{
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO %s(rowid, body) VALUES (?1, ?2)", table);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, rowid);
	sqlite3_bind_text(st, 2, text, (int)len, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static bool finds(sqlite3 *db, const char *table, const char *query, int doc)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE %s MATCH ?1", table, table);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	struct strbuf m;
	strbuf_init(&m);
	match_expr(query, &m);
	sqlite3_bind_text(st, 1, m.data, (int)m.len, SQLITE_TRANSIENT);
	bool found = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		found |= sqlite3_column_int(st, 0) == doc;
	sqlite3_finalize(st);
	strbuf_free(&m);
	return found;
}

static void test_search_recall(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(text_fts5_register(db), 0);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "CREATE VIRTUAL TABLE t_tala USING fts5(body, tokenize='tala');"
	                 "CREATE VIRTUAL TABLE t_u61 USING fts5(body, tokenize='unicode61');",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	for (size_t i = 0; i < ARRAY_LEN(docs); i++) {
		insert(db, "t_tala", (int)i + 1, docs[i], strlen(docs[i]));
		insert(db, "t_u61", (int)i + 1, docs[i], strlen(docs[i]));
	}
	int tala = 0, u61 = 0;
	for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
		bool a = finds(db, "t_tala", pairs[i].query, pairs[i].doc);
		bool b = finds(db, "t_u61", pairs[i].query, pairs[i].doc);
		tala += a;
		u61 += b;
		if (!a)
			printf("[ INFO     ] tala misses doc %d for %s (%s)\n", pairs[i].doc,
			       pairs[i].query, pairs[i].what);
	}
	printf("[ RATE     ] search recall: tala %d/%zu (%.0f%%), unicode61 %d/%zu (%.0f%%)\n",
	       tala, ARRAY_LEN(pairs), 100.0 * tala / ARRAY_LEN(pairs), u61, ARRAY_LEN(pairs),
	       100.0 * u61 / ARRAY_LEN(pairs));
	sqlite3_close(db);
	assert_int_equal(tala, (int)ARRAY_LEN(pairs));
	assert_true(u61 < tala);
}

/* Menksoft documents from the conversion vectors are found by their Unicode spelling. */
static void test_search_menksoft_documents(void **state)
{
	(void)state;
	char *data = tt_read_file("data/mongolian/menksoft/menkuni_words.tsv", NULL);
	assert_non_null(data);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(text_fts5_register(db), 0);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='tala')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	char *queries[128];
	int nq = 0;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line && nq < 128;
	     line = strtok_r(NULL, "\n", &save)) {
		char *in = strchr(line, '\t');
		char *want = in ? strchr(in + 1, '\t') : NULL;
		if (line[0] == '#' || !want)
			continue;
		struct strbuf menk, uni;
		strbuf_init(&menk);
		strbuf_init(&uni);
		tt_unescape(in + 1, (size_t)(want - in - 1), &menk);
		tt_unescape(want + 1, strlen(want + 1), &uni);
		insert(db, "t", nq + 1, menk.data, menk.len);
		queries[nq++] = strbuf_detach(&uni, NULL);
		strbuf_free(&menk);
	}
	int found = 0;
	for (int i = 0; i < nq; i++) {
		bool f = finds(db, "t", queries[i], i + 1);
		found += f;
		if (!f) {
			struct strbuf k;
			strbuf_init(&k);
			text_shape_key(queries[i], strlen(queries[i]), &k);
			printf("[ INFO     ] Menksoft document %d not found by key %s\n", i + 1,
			       k.data);
			strbuf_free(&k);
		}
		free(queries[i]);
	}
	printf("[ RATE     ] Menksoft documents found by Unicode queries: %d/%d\n", found, nq);
	sqlite3_close(db);
	free(data);
	assert_true(nq >= 80);
	assert_true(found * 100 >= nq * 95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_search_recall),
	    cmocka_unit_test(test_search_menksoft_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
