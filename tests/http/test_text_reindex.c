/* test_text_reindex.c: `tala text reindex` rebuilds the full-text index from the text it
 * stores with this build's `tala` tokenizer: an index that disagrees with its text (what
 * an older tokenizer leaves) fails FTS5's integrity check before and passes it after, and
 * the rebuild is one audited write; bad usage exits 2 with one line on stderr. */
#include "harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static sqlite3 *open_db(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tala.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(text_fts5_register(db), 0);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static int exec_rc(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char check[] =
    "INSERT INTO article_search(article_search, rank) VALUES('integrity-check', 1)";

static void test_reindex(void **state)
{
	(void)state;
	const char *dir = harness_data_dir();
	char err[1024];
	assert_int_equal(harness_run(err, sizeof err, "demo", "--data", dir, NULL), 0);
	sqlite3 *db = open_db(dir);
	assert_int_equal(exec_rc(db, check), SQLITE_OK);
	/* the stored text changes under the index, as a tokenizer change makes it look */
	assert_int_equal(exec_rc(db, "UPDATE article_search_content SET c2 = '科普 ᠪᠢᠴᠢᠭ kepu' "
	                             "WHERE id = (SELECT min(id) FROM article_search_content)"),
	                 SQLITE_OK);
	assert_int_not_equal(exec_rc(db, check), SQLITE_OK);
	int audits = count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'search.reindex'");
	sqlite3_close(db);

	assert_int_equal(harness_run(err, sizeof err, "text", "reindex", "--data", dir, NULL), 0);
	db = open_db(dir);
	assert_int_equal(exec_rc(db, check), SQLITE_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM article_search WHERE article_search "
	                           "MATCH 'kepu'"),
	                 1);
	assert_int_equal(
	    count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'search.reindex'"),
	    audits + 1);
	sqlite3_close(db);

	/* bad usage and a missing database: one line on stderr, nothing done */
	assert_int_equal(harness_run(err, sizeof err, "text", "reindex", "extra", NULL), 2);
	assert_non_null(strstr(err, "tala"));
	assert_int_equal(harness_run(err, sizeof err, "text", "reindex", "--data",
	                             "/tmp/tala-no-such-dir", NULL),
	                 1);
	assert_non_null(strstr(err, "tala text reindex"));
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_reindex)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
