/* test_store_migrate.c: embedded schema migrations (src/store/store_migrate.c) — applied in
 * order and recorded, idempotent, each in one transaction, and a database newer than the
 * binary refused. */
#include "store/store.h"
#include "test_util.h"

#include "base/common.h"
#include "base/log.h"

#include <dirent.h>

static int quiet(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR);
	return 0;
}

/* The migration files in the source tree: their count and the highest version. */
static int source_migrations(int *latest)
{
	const char *root = getenv("TALA_SOURCE_DIR");
	assert_non_null(root);
	char path[1024];
	snprintf(path, sizeof path, "%s/db/migrations", root);
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	*latest = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 9 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		int v = atoi(e->d_name);
		assert_true(v > 0);
		if (v > *latest)
			*latest = v;
		n++;
	}
	closedir(d);
	return n;
}

static bool table_exists(const char *path, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'", name);
	return tu_path_int(path, sql) == 1;
}

static void fresh_database_is_migrated(void **state)
{
	(void)state;
	int latest;
	int files = source_migrations(&latest);
	assert_true(files >= 1);
	assert_int_equal(store_schema_latest(), latest);

	struct tu_db d;
	tu_db_open(&d, 0);
	assert_int_equal(store_schema_version(d.s), 0);
	assert_false(table_exists(d.path, "schema_migrations"));
	int applied = -1;
	char err[256] = "";
	if (store_migrate(d.s, &applied, err, sizeof err) != OK)
		fail_msg("store_migrate: %s", err);
	assert_int_equal(applied, files);
	assert_int_equal(store_schema_version(d.s), latest);

	assert_true(table_exists(d.path, "schema_migrations"));
	assert_true(table_exists(d.path, "regions"));
	assert_true(table_exists(d.path, "feedback"));
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM schema_migrations"), files);
	assert_int_equal(tu_path_int(d.path, "SELECT max(version) FROM schema_migrations"), latest);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM schema_migrations"
	                                     " WHERE version = 1 AND name = '0001_base.sql'"
	                                     " AND applied_at LIKE '____-__-__T__:__:__._%Z'"),
	                 1);
	/* the schema works: constraints from the migration are in force */
	assert_int_equal(store_write(d.s, tu_exec_closure,
	                             "INSERT INTO feedback(lang, body) VALUES ('mn', 'ok')"),
	                 OK);
	assert_int_equal(store_write(d.s, tu_exec_closure,
	                             "INSERT INTO feedback(lang, body) VALUES ('en', 'no')"),
	                 ERR);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM feedback"), 1);
	tu_db_close(&d);
}

/* Opens a fresh store and migrates it; fails the test otherwise. */
static void open_migrated(struct tu_db *d)
{
	tu_db_open(d, 0);
	int applied = -1;
	char err[256] = "";
	if (store_migrate(d->s, &applied, err, sizeof err) != OK)
		fail_msg("store_migrate: %s", err);
	assert_true(applied > 0);
}

static void migrate_is_idempotent(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	int applied = -1;
	char err[256] = "";
	int64_t rows = tu_path_int(d.path, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(store_migrate(d.s, &applied, err, sizeof err), OK);
	assert_int_equal(applied, 0);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM schema_migrations"), rows);

	/* and after reopening */
	store_close(d.s);
	struct store_options opt = {d.path, 0, 0, false, NULL};
	d.s = store_open(&opt, err, sizeof err);
	assert_non_null(d.s);
	assert_int_equal(store_schema_version(d.s), store_schema_latest());
	assert_int_equal(store_migrate(d.s, &applied, err, sizeof err), OK);
	assert_int_equal(applied, 0);
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM schema_migrations"), rows);
	tu_db_close(&d);
}

/* A migration numbered below the newest applied one but never recorded (two written side by
 * side, landing in either order) is still applied: here version 2 is forgotten, so migrate
 * runs it again — and fails, since its tables exist — instead of skipping it. */
static void unrecorded_lower_migration_is_applied(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(d.path, &raw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(raw, "DELETE FROM schema_migrations WHERE version = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);
	int applied = -1;
	char err[256] = "";
	assert_int_equal(store_migrate(d.s, &applied, err, sizeof err), ERR);
	assert_non_null(strstr(err, "0002"));
	assert_int_equal(applied, 0);
	tu_db_close(&d);
}

static void newer_database_is_refused(void **state)
{
	(void)state;
	struct tu_db d;
	open_migrated(&d);
	int applied = -1;
	char err[256] = "";
	int newer = store_schema_latest() + 1;
	int64_t rows = tu_path_int(d.path, "SELECT count(*) FROM schema_migrations");

	sqlite3 *db = tu_sqlite_open(d.path, true);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO schema_migrations(version, name) VALUES (%d, '%04d_future.sql')",
	         newer, newer);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_schema_version(d.s), newer);
	err[0] = '\0';
	assert_int_equal(store_migrate(d.s, &applied, err, sizeof err), ERR);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err, "newer"));
	char num[16];
	snprintf(num, sizeof num, "%d", newer);
	assert_non_null(strstr(err, num));
	/* nothing was changed */
	assert_int_equal(tu_path_int(d.path, "SELECT count(*) FROM schema_migrations"), rows + 1);
	tu_db_close(&d);
}

static void failing_migration_leaves_nothing(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	/* a table in the way makes 0001 fail halfway */
	assert_int_equal(store_write(d.s, tu_exec_closure, "CREATE TABLE feedback(x)"), OK);
	int applied = -1;
	char err[256] = "";
	assert_int_equal(store_migrate(d.s, &applied, err, sizeof err), ERR);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err, "0001_base.sql"));
	assert_non_null(strstr(err, "feedback"));
	/* the tables the migration created before failing were rolled back with it */
	assert_false(table_exists(d.path, "regions"));
	assert_false(table_exists(d.path, "schema_migrations"));
	assert_int_equal(store_schema_version(d.s), 0);
	tu_db_close(&d);
}

static void read_only_store(void **state)
{
	(void)state;
	struct tu_db d;
	tu_db_open(&d, 0);
	store_close(d.s);
	d.s = NULL;
	char err[256] = "";
	int applied = -1;
	struct store_options ro = {d.path, 0, 0, true, NULL};

	/* unmigrated: a read-only store cannot migrate it */
	struct store *s = store_open(&ro, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), ERR);
	assert_int_equal(applied, 0);
	store_close(s);

	struct store_options rw = {d.path, 0, 0, false, NULL};
	s = store_open(&rw, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), OK);
	store_close(s);

	/* migrated: nothing to do is fine */
	s = store_open(&ro, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	store_close(s);
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(fresh_database_is_migrated, quiet),
	    cmocka_unit_test_setup(migrate_is_idempotent, quiet),
	    cmocka_unit_test_setup(newer_database_is_refused, quiet),
	    cmocka_unit_test_setup(unrecorded_lower_migration_is_applied, quiet),
	    cmocka_unit_test_setup(failing_migration_leaves_nothing, quiet),
	    cmocka_unit_test_setup(read_only_store, quiet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
