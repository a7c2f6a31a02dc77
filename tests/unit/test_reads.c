/* test_reads.c: reading counts (src/reads): one view per reader per article per day, the
 * day boundary in Beijing time, reads_flush writing the summed counts (and adding to what
 * earlier flushes wrote), the flusher thread writing on its own, reads_free flushing what
 * is pending at shutdown, totals per article, site, column and day, and the most-read list. */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "reads/reads.h"

#include <string.h>
#include <unistd.h>

/* 2026-03-01 00:30 in Beijing = 2026-02-28 16:30 UTC */
#define T0 1772296200LL

static void open_migrated(struct tu_db *d)
{
	tu_db_open(d, 64);
	int applied = 0;
	char err[256] = "";
	if (store_migrate(d->s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
}

static bool view(struct reads *r, const char *who, int64_t article, int64_t site, int64_t t)
{
	return reads_count(r, who, strlen(who), article, site, t);
}

static void day_is_beijing(void **state)
{
	(void)state;
	char d[11];
	reads_day(T0, d);
	assert_string_equal(d, "2026-03-01");
	reads_day(T0 - 3600, d); /* 23:30 the day before */
	assert_string_equal(d, "2026-02-28");
	reads_day(0, d);
	assert_string_equal(d, "1970-01-01");
}

static void dedup_per_reader_per_day(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct reads *r = reads_new(d.s, 0);
	assert_true(view(r, "c:aaaa", 1, 10, T0));
	assert_false(view(r, "c:aaaa", 1, 10, T0 + 60));    /* again the same day */
	assert_false(view(r, "c:aaaa", 1, 11, T0 + 120));   /* same article on another site */
	assert_true(view(r, "c:aaaa", 2, 10, T0 + 60));     /* another article */
	assert_true(view(r, "c:bbbb", 1, 10, T0 + 60));     /* another reader */
	assert_true(view(r, "c:aaaa", 1, 10, T0 + 86400));  /* the next day */
	assert_false(view(r, "c:aaaa", 1, 10, T0 + 86401)); /* ... once */
	assert_int_equal(reads_pending(r), 4);
	reads_free(r);
	tu_db_close(&d);
}

static void flush_writes_counts(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct reads *r = reads_new(d.s, 0);
	char who[32];
	for (int i = 0; i < 300; i++) { /* 300 readers, article 7 on sites 1 and 2 */
		snprintf(who, sizeof who, "c:%d", i);
		view(r, who, 7, 1 + i % 2, T0);
		view(r, who, 7, 1 + i % 2, T0 + 5); /* no effect */
		if (i < 50)
			view(r, who, 8, 1, T0 + 86400);
	}
	assert_int_equal(reads_flush(r), OK);
	assert_int_equal(reads_pending(r), 0);
	assert_int_equal(reads_total_article(d.s, 7, NULL, NULL), 300);
	assert_int_equal(reads_total_article(d.s, 8, NULL, NULL), 50);
	assert_int_equal(reads_total_site(d.s, 1, NULL, NULL), 200);
	assert_int_equal(reads_total_site(d.s, 2, NULL, NULL), 150);
	assert_int_equal(reads_total_day(d.s, "2026-03-01"), 300);
	assert_int_equal(reads_total_day(d.s, "2026-03-02"), 50);
	assert_int_equal(reads_total_article(d.s, 7, "2026-03-02", NULL), 0);
	assert_int_equal(tu_path_int(d.path, "SELECT count FROM reads_daily WHERE article_id = 7"
	                                     " AND site_id = 1 AND day = '2026-03-01'"),
	                 150);
	/* a second flush adds to the first */
	view(r, "c:late", 7, 1, T0 + 10);
	assert_int_equal(reads_flush(r), OK);
	assert_int_equal(reads_total_article(d.s, 7, NULL, NULL), 301);
	assert_int_equal(reads_flush(r), OK); /* nothing pending: nothing written */
	assert_int_equal(reads_total_article(d.s, 7, NULL, NULL), 301);
	reads_free(r);
	tu_db_close(&d);
}

static void shutdown_flushes(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct reads *r = reads_new(d.s, 3600); /* the thread would not flush within the test */
	view(r, "t:1", 5, 3, T0);
	view(r, "t:2", 5, 3, T0);
	view(r, "t:2", 6, 3, T0);
	assert_int_equal(reads_total_article(d.s, 5, NULL, NULL), 0);
	reads_free(r);
	assert_int_equal(reads_total_article(d.s, 5, NULL, NULL), 2);
	assert_int_equal(reads_total_site(d.s, 3, NULL, NULL), 3);
	tu_db_close(&d);
}

static void flusher_thread_flushes(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	struct reads *r = reads_new(d.s, 1);
	view(r, "s:9", 4, 2, T0);
	for (int i = 0; i < 50 && reads_total_article(d.s, 4, NULL, NULL) != 1; i++)
		usleep(100 * 1000);
	assert_int_equal(reads_total_article(d.s, 4, NULL, NULL), 1);
	assert_int_equal(reads_pending(r), 0);
	reads_free(r);
	tu_db_close(&d);
}

static void most_read_and_column(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	sqlite3 *db = tu_sqlite_open(d.path, true);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        "INSERT INTO sites(id, slug, kind, name_zh) VALUES (1, 'a', 'region', 'A');"
	        "INSERT INTO articles(id, site_id, column_id, status, created_at, updated_at)"
	        " VALUES (1, 1, 1, 'published', 0, 0), (2, 1, 2, 'published', 0, 0),"
	        " (3, 1, 1, 'published', 0, 0), (4, 1, 1, 'draft', 0, 0);",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	struct reads *r = reads_new(d.s, 0);
	char who[32];
	for (int i = 0; i < 10; i++) {
		snprintf(who, sizeof who, "c:%d", i);
		view(r, who, 2, 1, T0);
		view(r, who, 4, 1, T0); /* a draft: never listed */
		if (i < 5)
			view(r, who, 1, 1, T0);
		if (i < 7)
			view(r, who, 3, 1, T0 - 86400 * 3);
	}
	assert_int_equal(reads_flush(r), OK);
	struct arena a;
	arena_init(&a, 4096);
	struct reads_top *top;
	assert_int_equal(reads_most(d.s, &a, 1, 0, NULL, 10, &top), 3);
	assert_int_equal(top[0].article_id, 2);
	assert_int_equal(top[0].count, 10);
	assert_int_equal(top[1].article_id, 3);
	assert_int_equal(top[2].article_id, 1);
	assert_int_equal(reads_most(d.s, &a, 1, 1, NULL, 10, &top), 2); /* column 1 */
	assert_int_equal(top[0].article_id, 3);
	assert_int_equal(reads_most(d.s, &a, 0, 0, "2026-03-01", 1, &top), 1); /* since, limit */
	assert_int_equal(top[0].article_id, 2);
	assert_int_equal(reads_most(d.s, &a, 99, 0, NULL, 10, &top), 0);
	assert_int_equal(reads_total_column(d.s, 1, NULL, NULL), 5 + 7 + 10);
	arena_free(&a);
	reads_free(r);
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(day_is_beijing),         cmocka_unit_test(dedup_per_reader_per_day),
	    cmocka_unit_test(flush_writes_counts),    cmocka_unit_test(shutdown_flushes),
	    cmocka_unit_test(flusher_thread_flushes), cmocka_unit_test(most_read_and_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
