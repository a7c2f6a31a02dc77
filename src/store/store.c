/* store.c: opening and closing the database, connection pragmas, backup, stats. */
#include "store/store_internal.h"
#include "base/common.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int store_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_msg(LOG_ERROR, "store.exec", "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return ERR;
	}
	return OK;
}

sqlite3 *store_connect(struct store *s, bool readonly, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_NOMUTEX |
	            (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(s->path, &db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", s->path, db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, s->busy_timeout_ms);
	sqlite3_extended_result_codes(db, 1);
	const char *pragmas = readonly ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
	                               : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                                 " PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=4000;";
	char *msg = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	if (s->conn_init && s->conn_init(db) != OK) {
		snprintf(err, errlen, "%s: connection setup failed", s->path);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

struct store *store_open(const struct store_options *opt, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (strlen(opt->path) >= sizeof s->path) {
		snprintf(err, errlen, "database path too long");
		free(s);
		return NULL;
	}
	strcpy(s->path, opt->path);
	s->busy_timeout_ms = opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 5000;
	s->batch_max = opt->batch_max > 0 ? opt->batch_max : 512;
	s->readonly = opt->readonly;
	s->conn_init = opt->conn_init;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	pthread_mutex_init(&s->readers_lock, NULL);
	if (pthread_key_create(&s->reader_key, NULL) != 0) {
		snprintf(err, errlen, "pthread_key_create failed");
		free(s);
		return NULL;
	}
	s->wdb = store_connect(s, s->readonly, err, errlen);
	if (!s->wdb)
		goto fail;
	if (!s->readonly && store_writer_start(s, err, errlen) != OK)
		goto fail;
	return s;
fail:
	sqlite3_close(s->wdb);
	pthread_key_delete(s->reader_key);
	free(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store_writer_stop(s);
	store_readers_close_all(s);
	if (sqlite3_close(s->wdb) != SQLITE_OK)
		log_msg(LOG_ERROR, "store.close", "%s", sqlite3_errmsg(s->wdb));
	pthread_key_delete(s->reader_key);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->readers_lock);
	free(s);
}

int store_backup(struct store *s, const char *dest, char *err, size_t errlen)
{
	sqlite3 *out = NULL;
	int rc = ERR;
	/* sqlite3_open_v2 ignores SQLITE_OPEN_EXCLUSIVE (it is for VFSes): refuse an existing
	 * file here, so a backup never overwrites anything */
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		return ERR;
	}
	close(fd);
	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", dest, out ? sqlite3_errmsg(out) : "cannot open");
		goto out;
	}
	sqlite3 *src = store_reader(s);
	if (!src) {
		snprintf(err, errlen, "cannot open the database for reading");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "%s: %s", dest, sqlite3_errmsg(out));
		goto out;
	}
	int step;
	while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY ||
	       step == SQLITE_LOCKED)
		sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", dest, sqlite3_errstr(step));
		goto out;
	}
	rc = OK;
out:
	sqlite3_close(out);
	if (rc != OK)
		unlink(dest); /* we created it: leave no partial copy */
	return rc;
}

void store_stats(struct store *s, struct store_stats *out)
{
	out->queue_depth = s->queue_depth;
	out->commits = s->commits;
	out->writes = s->writes;
	for (int i = 0; i < 8; i++)
		out->batch_hist[i] = s->batch_hist[i];
}
