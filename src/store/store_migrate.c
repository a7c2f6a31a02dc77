/* store_migrate.c: numbered schema migrations embedded from db/migrations/NNNN_name.sql.
 * Each is applied through the writer in its own transaction and recorded in
 * schema_migrations; a database newer than the binary is refused. */
#include "store/store_internal.h"
#include "base/common.h"
#include "base/embedded.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATION_PREFIX "db/migrations/"

struct migration {
	int version;
	const char *name; /* file name, e.g. "0001_base.sql" */
	const char *sql;
};

static int migration_cmp(const void *a, const void *b)
{
	return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

/* Fills list (capacity cap) with the embedded migrations in order; returns their count. */
static size_t migrations_list(struct migration *list, size_t cap)
{
	size_t n = 0;
	size_t plen = strlen(MIGRATION_PREFIX);
	for (const struct embedded_file *f = embedded_files; f->path && n < cap; f++) {
		if (strncmp(f->path, MIGRATION_PREFIX, plen) != 0)
			continue;
		const char *name = f->path + plen;
		list[n++] = (struct migration){atoi(name), name, f->data};
	}
	qsort(list, n, sizeof *list, migration_cmp);
	return n;
}

int store_schema_latest(void)
{
	struct migration list[256];
	size_t n = migrations_list(list, ARRAY_LEN(list));
	return n ? list[n - 1].version : 0;
}

static const char create_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))";

int store_schema_version(struct store *s)
{
	sqlite3 *db = store_reader(s);
	if (!db)
		return -1;
	sqlite3_stmt *st = NULL;
	int version = 0;
	if (sqlite3_prepare_v2(db,
	                       "SELECT name FROM sqlite_master WHERE type='table'"
	                       " AND name='schema_migrations'",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	int has_table = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!has_table)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(version),0) FROM schema_migrations", -1,
	                       &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	else
		version = -1;
	sqlite3_finalize(st);
	return version;
}

struct apply_ctx {
	const struct migration *m;
	char err[256];
};

static int apply_one(sqlite3 *db, void *arg)
{
	struct apply_ctx *a = arg;
	char *msg = NULL;
	if (sqlite3_exec(db, create_table_sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, a->m->sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(a->err, sizeof a->err, "%s: %s", a->m->name, msg ? msg : "failed");
		sqlite3_free(msg);
		return ERR;
	}
	sqlite3_stmt *st = NULL;
	int rc = ERR;
	if (sqlite3_prepare_v2(db, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)", -1,
	                       &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_int(st, 1, a->m->version) == SQLITE_OK &&
	    sqlite3_bind_text(st, 2, a->m->name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_DONE)
		rc = OK;
	else
		snprintf(a->err, sizeof a->err, "%s: %s", a->m->name, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

/* Whether schema_migrations records version (false when the table does not exist yet). */
static bool migration_applied(struct store *s, int version)
{
	sqlite3 *db = store_reader(s);
	sqlite3_stmt *st = NULL;
	if (!db || sqlite3_prepare_v2(db, "SELECT 1 FROM schema_migrations WHERE version = ?", -1,
	                              &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return false;
	}
	sqlite3_bind_int(st, 1, version);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int store_migrate(struct store *s, int *applied, char *err, size_t errlen)
{
	*applied = 0;
	struct migration list[256];
	size_t n = migrations_list(list, ARRAY_LEN(list));
	int current = store_schema_version(s);
	if (current < 0) {
		snprintf(err, errlen, "cannot read the schema version of %s", s->path);
		return ERR;
	}
	int latest = n ? list[n - 1].version : 0;
	if (current > latest) {
		snprintf(err, errlen,
		         "database schema version %d is newer than this tala (%d): upgrade tala",
		         current, latest);
		return ERR;
	}
	if (s->readonly) {
		snprintf(err, errlen, "store is read-only");
		return current == latest ? OK : ERR;
	}
	for (size_t i = 0; i < n; i++) {
		/* any embedded migration not yet recorded is applied, in number order, even one
		 * numbered below the newest applied (migrations written side by side land in any
		 * order) */
		if (migration_applied(s, list[i].version))
			continue;
		struct apply_ctx a = {&list[i], ""};
		if (store_write(s, apply_one, &a) != OK) {
			snprintf(err, errlen, "migration %s", a.err[0] ? a.err : list[i].name);
			return ERR;
		}
		log_msg(LOG_INFO, "store.migrate", "applied %s", list[i].name);
		(*applied)++;
	}
	return OK;
}
