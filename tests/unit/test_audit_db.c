/* test_audit_db.c: the audit log's table and hash chain (src/audit/audit_db.c). A chain of
 * many entries verifies; the triggers refuse UPDATE and DELETE; with the triggers dropped
 * through a raw connection, an edited row, a deleted row, two swapped rows, a replaced
 * hash and a re-hashed edit are each found and named; an entry written by a closure that
 * fails is rolled back with it; the readers filter by actor, action, type, time and scope
 * and page with a cursor. */
#include "store/store.h"
#include "test_util.h"

#include "audit/audit.h"
#include "base/arena.h"
#include "base/common.h"

#include <sodium.h>

#define MANY 1000

struct fixture {
	struct tu_db db;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	tu_db_open(&fx->db, 64);
	int applied = 0;
	char err[256] = "";
	if (store_migrate(fx->db.s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tu_db_close(&fx->db);
	free(fx);
	return 0;
}

static int append_closure(sqlite3 *db, void *ctx)
{
	return audit_append(db, ctx);
}

/* Appends n entries in one write: actor u<i % 3>, action a.<i % 2 ? "x" : "y">, scope
 * cycling through "1525", "152502", "1501", "site:3" and none, at = 1000 * (i+1). The
 * numbering continues across calls. */
struct many {
	int n;
};

static int append_many_closure(sqlite3 *db, void *ctx)
{
	static const char *const scopes[] = {"1525", "152502", "1501", "site:3", NULL};
	struct many *m = ctx;
	int first = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM audit_log", -1, &st, NULL) != SQLITE_OK)
		return ERR;
	if (sqlite3_step(st) == SQLITE_ROW)
		first = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	for (int i = first; i < first + m->n; i++) {
		char actor[16], action[16], obj[16], summary[32];
		snprintf(actor, sizeof actor, "u%d", i % 3);
		snprintf(action, sizeof action, "a.%s", i % 2 ? "x" : "y");
		snprintf(obj, sizeof obj, "%d", i);
		snprintf(summary, sizeof summary, "entry %d", i);
		struct audit_entry e = {
		    .at = 1000LL * (i + 1),
		    .actor_id = i % 3 + 1,
		    .actor = actor,
		    .ip = "10.0.0.1",
		    .action = action,
		    .object_type = i % 4 ? "thing" : "other",
		    .object_id = obj,
		    .scope = scopes[i % 5],
		    .summary = summary,
		};
		if (audit_append(db, &e) != OK)
			return ERR;
	}
	return OK;
}

static void append_many(struct store *s, int n)
{
	struct many m = {n};
	assert_int_equal(store_write(s, append_many_closure, &m), OK);
}

static int verify(struct store *s, int64_t *bad, int64_t *count)
{
	char err[256] = "";
	return audit_verify(s, bad, count, err, sizeof err);
}

/* Runs sql on a raw connection to the database file, outside the store. */
static void raw_exec(struct fixture *fx, const char *sql)
{
	sqlite3 *db = tu_sqlite_open(fx->db.path, true);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

static void chain_of_many_verifies(void **state)
{
	struct fixture *fx = *state;
	int64_t bad = -1, n = -1;
	assert_int_equal(verify(fx->db.s, &bad, &n), OK); /* empty: intact */
	assert_int_equal(n, 0);
	append_many(fx->db.s, MANY);
	assert_int_equal(verify(fx->db.s, &bad, &n), OK);
	assert_int_equal(n, MANY);
	assert_int_equal(bad, 0);
	/* ids are consecutive; the first row links to 32 zero bytes */
	assert_int_equal(tu_path_int(fx->db.path, "SELECT MAX(id) - MIN(id) + 1 FROM audit_log"),
	                 MANY);
	assert_int_equal(tu_path_int(fx->db.path, "SELECT prev_hash = zeroblob(32) FROM audit_log"
	                                          " WHERE id = 1"),
	                 1);
	/* the stored hash is the documented serialisation */
	struct audit_row r = {1, 1000, 1, "u0", "10.0.0.1", "a.y", "other", "0", "1525", "entry 0"};
	unsigned char zero[AUDIT_HASH_BYTES] = {0}, h[AUDIT_HASH_BYTES];
	audit_hash_row(&r, zero, h);
	sqlite3 *db = tu_sqlite_open(fx->db.path, false);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT hash FROM audit_log WHERE id = 1", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_memory_equal(sqlite3_column_blob(st, 0), h, AUDIT_HASH_BYTES);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void length_prefixes_keep_fields_apart(void **state)
{
	(void)state;
	unsigned char zero[AUDIT_HASH_BYTES] = {0}, a[AUDIT_HASH_BYTES], b[AUDIT_HASH_BYTES];
	/* the same bytes split differently between two fields hash differently */
	struct audit_row r1 = {1, 5, 0, "ab", "c", "x", NULL, NULL, NULL, NULL};
	struct audit_row r2 = {1, 5, 0, "a", "bc", "x", NULL, NULL, NULL, NULL};
	audit_hash_row(&r1, zero, a);
	audit_hash_row(&r2, zero, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
	/* NULL and "" differ */
	struct audit_row r3 = {1, 5, 0, "ab", "c", "x", "", NULL, NULL, NULL};
	audit_hash_row(&r3, zero, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
}

static void triggers_refuse_update_and_delete(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 3);
	sqlite3 *db = tu_sqlite_open(fx->db.path, true);
	char *msg = NULL;
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE audit_log SET summary = 'x' WHERE id = 2", NULL, NULL, &msg),
	    SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, &msg),
	                     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_equal(tu_path_int(fx->db.path, "SELECT COUNT(*) FROM audit_log"), 3);
}

/* Ways to tamper with the log through a raw connection, with the triggers dropped first
 * (they stop accidents, not an attacker); verify must name the first wrong entry and count
 * the intact ones before it. */
static const struct tamper {
	const char *what;
	int entries;
	const char *sql;
	int64_t bad, intact;
} tampers[] = {
    {"one row's summary edited", MANY,
     "DROP TRIGGER audit_log_no_update;"
     "UPDATE audit_log SET summary = 'nothing happened' WHERE id = 500",
     500, 499},
    {"time, actor id and address edited", 50,
     "DROP TRIGGER audit_log_no_update;"
     "UPDATE audit_log SET at = at + 1 WHERE id = 40;"
     "UPDATE audit_log SET actor_id = NULL WHERE id = 30;"
     "UPDATE audit_log SET ip = '1.2.3.4' WHERE id = 45",
     30, 29},
    {"a row deleted: the one after the gap is named", MANY,
     "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 300", 301, 299},
    {"the first row deleted", 20,
     "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 1", 2, 0},
    {"two rows swapped whole, hashes included", 30,
     "DROP TRIGGER audit_log_no_update;"
     "UPDATE audit_log SET id = -1 WHERE id = 10;"
     "UPDATE audit_log SET id = 10 WHERE id = 11;"
     "UPDATE audit_log SET id = 11 WHERE id = -1",
     10, 9},
    {"a hash replaced", 30,
     "DROP TRIGGER audit_log_no_update;"
     "UPDATE audit_log SET hash = randomblob(32) WHERE id = 20",
     20, 19},
    {"a row inserted at the end with a made-up link", 10,
     "INSERT INTO audit_log(id, at, actor, action, prev_hash, hash)"
     " VALUES (11, 1, 'x', 'y', randomblob(32), randomblob(32))",
     11, 10},
};

static void tampering_is_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(tampers); i++) {
		const struct tamper *t = &tampers[i];
		void *fx_state;
		setup(&fx_state);
		struct fixture *fx = fx_state;
		append_many(fx->db.s, t->entries);
		raw_exec(fx, t->sql);
		int64_t bad = 0, n = 0;
		char err[256] = "";
		if (audit_verify(fx->db.s, &bad, &n, err, sizeof err) != ERR || bad != t->bad ||
		    n != t->intact)
			fail_msg("%s: bad %lld (want %lld), intact %lld (want %lld)", t->what,
			         (long long)bad, (long long)t->bad, (long long)n,
			         (long long)t->intact);
		char id[24];
		snprintf(id, sizeof id, "entry %lld", (long long)t->bad);
		assert_non_null(strstr(err, id));
		teardown(&fx_state);
	}
}

/* An edit whose row hash was recomputed still breaks the next row's link. */
static void rehashed_edit_breaks_the_next_link(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 30);
	sqlite3 *db = tu_sqlite_open(fx->db.path, true);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT id, at, actor_id, actor, ip, action,"
	                                    " object_type, object_id, scope, prev_hash"
	                                    " FROM audit_log WHERE id = 12",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	struct audit_row r = {
	    sqlite3_column_int64(st, 0),
	    sqlite3_column_int64(st, 1),
	    sqlite3_column_int64(st, 2),
	    strdup((const char *)sqlite3_column_text(st, 3)),
	    strdup((const char *)sqlite3_column_text(st, 4)),
	    strdup((const char *)sqlite3_column_text(st, 5)),
	    strdup((const char *)sqlite3_column_text(st, 6)),
	    strdup((const char *)sqlite3_column_text(st, 7)),
	    strdup((const char *)sqlite3_column_text(st, 8)),
	    "forged summary",
	};
	unsigned char prev[AUDIT_HASH_BYTES], h[AUDIT_HASH_BYTES];
	memcpy(prev, sqlite3_column_blob(st, 9), AUDIT_HASH_BYTES);
	sqlite3_finalize(st);
	audit_hash_row(&r, prev, h);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "UPDATE audit_log SET summary = 'forged summary',"
	                                    " hash = ? WHERE id = 12",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, h, AUDIT_HASH_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free((char *)r.actor);
	free((char *)r.ip);
	free((char *)r.action);
	free((char *)r.object_type);
	free((char *)r.object_id);
	free((char *)r.scope);
	int64_t bad = 0, n = 0;
	assert_int_equal(verify(fx->db.s, &bad, &n), ERR);
	assert_int_equal(bad, 13);
}

struct failing {
	struct audit_entry e;
};

static int append_then_fail(sqlite3 *db, void *ctx)
{
	struct failing *f = ctx;
	assert_int_equal(audit_append(db, &f->e), OK);
	return ERR;
}

static void entry_of_a_failed_write_is_rolled_back(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 5);
	struct failing f = {{.actor = "x", .action = "y"}};
	assert_int_equal(store_write(fx->db.s, append_then_fail, &f), ERR);
	assert_int_equal(tu_path_int(fx->db.path, "SELECT COUNT(*) FROM audit_log"), 5);
	append_many(fx->db.s, 5);
	int64_t bad = 0, n = 0;
	assert_int_equal(verify(fx->db.s, &bad, &n), OK);
	assert_int_equal(n, 10);
	/* an entry needs an actor and an action */
	struct audit_entry none = {.action = "y"};
	assert_int_equal(store_write(fx->db.s, append_closure, &none), ERR);
}

static void object_ref_is_read_at_append_time(void **state)
{
	struct fixture *fx = *state;
	int64_t id = 41;
	struct audit_entry e = {.actor = "a", .action = "b", .object_type = "t", .object_ref = &id};
	id = 42;
	assert_int_equal(store_write(fx->db.s, append_closure, &e), OK);
	assert_int_equal(tu_path_int(fx->db.path, "SELECT object_id FROM audit_log"), 42);
	assert_int_equal(tu_path_int(fx->db.path, "SELECT actor_id IS NULL FROM audit_log"), 1);
}

static void cli_entries_name_the_unix_user(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(audit_cli_append(fx->db.s, "user.add", "user", "alice", "role editor"),
	                 OK);
	assert_int_equal(strncmp(audit_cli_actor(), "cli:", 4), 0);
	struct arena a;
	arena_init(&a, 4096);
	struct audit_filter f = {.all_scopes = true};
	struct audit_page p;
	assert_int_equal(audit_list(fx->db.s, &a, &f, 10, &p), OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].actor, audit_cli_actor());
	assert_string_equal(p.items[0].object_id, "alice");
	assert_string_equal(p.items[0].ip, "");
	assert_int_equal(p.items[0].actor_id, 0);
	arena_free(&a);
}

static int64_t count(struct store *s, struct audit_filter f)
{
	return audit_count(s, &f);
}

static void filters_select_entries(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 100);
	struct store *s = fx->db.s;
	assert_int_equal(count(s, (struct audit_filter){.all_scopes = true}), 100);
	assert_int_equal(count(s, (struct audit_filter){.actor = "u1", .all_scopes = true}), 33);
	assert_int_equal(count(s, (struct audit_filter){.action = "a.x", .all_scopes = true}), 50);
	assert_int_equal(count(s, (struct audit_filter){.action = "a.", .all_scopes = true}), 100);
	assert_int_equal(count(s, (struct audit_filter){.action = "a", .all_scopes = true}), 0);
	assert_int_equal(
	    count(s, (struct audit_filter){.object_type = "other", .all_scopes = true}), 25);
	/* at = 1000 * (i+1): [10000, 20000) holds i = 9..18 */
	assert_int_equal(
	    count(s, (struct audit_filter){.from_ms = 10000, .to_ms = 20000, .all_scopes = true}),
	    10);
	assert_int_equal(count(s, (struct audit_filter){.actor = "u1",
	                                                .action = "a.x",
	                                                .from_ms = 1,
	                                                .all_scopes = true}),
	                 17);
	/* scopes: 20 each of 1525, 152502, 1501, site:3 and none */
	const char *province[] = {"15"}, *league[] = {"1525"}, *county[] = {"152502"},
	           *site[] = {"site:3"}, *two[] = {"152502", "1501"}, *other_site[] = {"site:4"};
	assert_int_equal(count(s, (struct audit_filter){.scopes = province, .nscopes = 1}), 100);
	assert_int_equal(count(s, (struct audit_filter){.scopes = league, .nscopes = 1}), 40);
	assert_int_equal(count(s, (struct audit_filter){.scopes = county, .nscopes = 1}), 20);
	assert_int_equal(count(s, (struct audit_filter){.scopes = site, .nscopes = 1}), 20);
	assert_int_equal(count(s, (struct audit_filter){.scopes = other_site, .nscopes = 1}), 0);
	assert_int_equal(count(s, (struct audit_filter){.scopes = two, .nscopes = 2}), 40);
	assert_int_equal(count(s, (struct audit_filter){.scopes = NULL, .nscopes = 0}), 0);
	/* filter values are bound, not pasted into SQL */
	assert_int_equal(
	    count(s, (struct audit_filter){.actor = "u1' OR '1'='1", .all_scopes = true}), 0);
}

static void pages_follow_the_cursor(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 95);
	struct arena a;
	arena_init(&a, 1 << 16);
	struct audit_filter f = {.all_scopes = true};
	int64_t seen = 0, last = INT64_MAX;
	int pages = 0;
	for (;;) {
		struct audit_page p;
		assert_int_equal(audit_list(fx->db.s, &a, &f, 20, &p), OK);
		assert_int_equal(p.total, 95);
		for (size_t i = 0; i < p.n; i++) { /* newest first, no repeats */
			assert_true(p.items[i].id < last);
			last = p.items[i].id;
		}
		seen += (int64_t)p.n;
		pages++;
		if (!p.next)
			break;
		assert_int_equal(p.next, p.items[p.n - 1].id);
		f.before_id = p.next;
	}
	assert_int_equal(seen, 95);
	assert_int_equal(pages, 5);
	assert_int_equal(last, 1);
	/* the limit is clamped */
	struct audit_page p;
	f.before_id = 0;
	assert_int_equal(audit_list(fx->db.s, &a, &f, 100000, &p), OK);
	assert_int_equal(p.n, 95);
	assert_int_equal(p.items[0].id, 95);
	assert_string_equal(p.items[0].summary, "entry 94");
	arena_free(&a);
}

static int collect_ids(void *ctx, const struct audit_row *r)
{
	int64_t *prev = ctx;
	assert_true(r->id > *prev); /* oldest first */
	*prev = r->id;
	return r->id == 7 ? ERR : OK;
}

static void each_walks_oldest_first_and_stops(void **state)
{
	struct fixture *fx = *state;
	append_many(fx->db.s, 10);
	struct audit_filter f = {.all_scopes = true};
	int64_t last = 0;
	assert_int_equal(audit_each(fx->db.s, &f, collect_ids, &last), ERR);
	assert_int_equal(last, 7);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    T(chain_of_many_verifies),
	    cmocka_unit_test(length_prefixes_keep_fields_apart),
	    T(triggers_refuse_update_and_delete),
	    cmocka_unit_test(tampering_is_named),
	    T(rehashed_edit_breaks_the_next_link),
	    T(entry_of_a_failed_write_is_rolled_back),
	    T(object_ref_is_read_at_append_time),
	    T(cli_entries_name_the_unix_user),
	    T(filters_select_entries),
	    T(pages_follow_the_cursor),
	    T(each_walks_oldest_first_and_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
