/* content_write.c: the content tables' write closures — article saves (with their
 * revision), workflow transitions and the scheduled sweep, revision restore, and
 * syndication (push down a subtree in one statement, pull from above, local take-down).
 * Each runs inside the writer's transaction; ERR rolls back everything it did. */
#include "audit/audit.h"
#include "base/common.h"
#include "base/log.h"
#include "content/content.h"
#include "content/content_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

int content_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int r = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (r != SQLITE_DONE)
		log_msg(LOG_ERROR, "content.write", "%s", sqlite3_errmsg(db));
	if (st)
		store_write_stmt_release(db, st);
	return r == SQLITE_DONE ? OK : ERR;
}

int64_t content_step_int(sqlite3 *db, sqlite3_stmt *st, bool *found)
{
	int64_t v = 0;
	*found = false;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*found = true;
	}
	if (st)
		store_write_stmt_release(db, st);
	return v;
}

void content_bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* ---- articles ---- */

static json_t *text_json(const struct article_text *t)
{
	if (!t)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", t->title ? t->title : "", "summary",
	                 t->summary ? t->summary : "", "body", t->body ? t->body : "", "author",
	                 t->author ? t->author : "", "source", t->source ? t->source : "");
}

/* The revision snapshot of an input (free() the result). */
static char *snapshot_of(const struct article_input *in)
{
	json_t *tags = json_array();
	for (size_t i = 0; i < in->ntags; i++)
		json_array_append_new(tags, json_string(in->tags[i]));
	json_t *j =
	    json_pack("{s:I, s:o, s:I, s:I, s:I, s:o, s:o}", "column_id", (json_int_t)in->column_id,
	              "tags", tags, "cover_id", (json_int_t)in->cover_id, "publish_at",
	              (json_int_t)in->publish_at, "unpublish_at", (json_int_t)in->unpublish_at,
	              "zh", text_json(in->zh), "mn", text_json(in->mn));
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return s;
}

static int texts_write(sqlite3 *db, int64_t id, const char *lang, const struct article_text *t)
{
	if (!t)
		return OK;
	sqlite3_stmt *st = ST(db, "INSERT INTO article_texts(article_id, lang, title, summary,"
	                          " body, author, source) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->title ? t->title : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->summary ? t->summary : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->body ? t->body : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, t->author ? t->author : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, t->source ? t->source : "", -1, SQLITE_STATIC);
	return content_step_done(db, st);
}

/* Replaces texts and tags of article id and records revision `version`. */
static int article_parts_write(sqlite3 *db, int64_t id, int64_t version,
                               const struct article_input *in, int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = ST(db, "DELETE FROM article_texts WHERE article_id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, id);
	if (content_step_done(db, st) != OK)
		return ERR;
	st = ST(db, "DELETE FROM article_tags WHERE article_id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, id);
	if (content_step_done(db, st) != OK || texts_write(db, id, "zh", in->zh) != OK ||
	    texts_write(db, id, "mn", in->mn) != OK)
		return ERR;
	for (size_t i = 0; i < in->ntags; i++) {
		st = ST(db, "INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?, ?)");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, in->tags[i], -1, SQLITE_STATIC);
		}
		if (content_step_done(db, st) != OK)
			return ERR;
	}
	char *snap = snapshot_of(in);
	st = snap ? ST(db, "INSERT INTO revisions(article_id, version, user_id, at, snapshot)"
	                   " VALUES (?, ?, ?, ?, ?)")
	          : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, version);
		content_bind_opt_int(st, 3, user_id);
		sqlite3_bind_int64(st, 4, now);
		sqlite3_bind_text(st, 5, snap, -1, SQLITE_STATIC);
	}
	int rc = content_step_done(db, st);
	free(snap);
	return rc;
}

static int save_fail(struct article_save *s, enum content_result r, const char *field,
                     const char *key)
{
	s->result = r;
	s->field = field;
	s->error_key = key;
	return ERR;
}

int content_article_save(sqlite3 *db, void *ctx)
{
	struct article_save *s = ctx;
	const struct article_input *in = &s->in;
	s->result = CONTENT_OK;
	bool found;
	if (!in->zh && !in->mn)
		return save_fail(s, CONTENT_INVALID, "zh", "content.error.no_language");
	sqlite3_stmt *st = ST(db, "SELECT 1 FROM columns WHERE id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, in->column_id);
	content_step_int(db, st, &found);
	if (!found)
		return save_fail(s, CONTENT_INVALID, "column", "content.error.unknown_column");

	if (s->id) {
		st = ST(db, "SELECT version FROM articles WHERE id = ?");
		if (st)
			sqlite3_bind_int64(st, 1, s->id);
		int64_t cur = content_step_int(db, st, &found);
		if (!found)
			return save_fail(s, CONTENT_NOT_FOUND, NULL, "error.not_found");
		if (cur != s->version)
			return save_fail(s, CONTENT_STALE, "version", "content.error.stale");
		st = ST(db, "UPDATE articles SET column_id = ?, cover_id = ?, publish_at = ?,"
		            " unpublish_at = ?, updated_at = ?, version = version + 1"
		            " WHERE id = ? AND version = ?");
		if (!st)
			return ERR;
		sqlite3_bind_int64(st, 1, in->column_id);
		content_bind_opt_int(st, 2, in->cover_id);
		content_bind_opt_int(st, 3, in->publish_at);
		content_bind_opt_int(st, 4, in->unpublish_at);
		sqlite3_bind_int64(st, 5, s->now_ms);
		sqlite3_bind_int64(st, 6, s->id);
		sqlite3_bind_int64(st, 7, s->version);
		if (content_step_done(db, st) != OK)
			return ERR;
		s->new_id = s->id;
		s->new_version = s->version + 1;
	} else {
		st = ST(db, "SELECT 1 FROM sites WHERE id = ?");
		if (st)
			sqlite3_bind_int64(st, 1, in->site_id);
		content_step_int(db, st, &found);
		if (!found)
			return save_fail(s, CONTENT_NOT_FOUND, "site",
			                 "content.error.unknown_site");
		const char *status = s->status ? s->status : "draft";
		if (!content_status_valid(status))
			return save_fail(s, CONTENT_INVALID, "status", "error.invalid_value");
		bool pub = strcmp(status, "published") == 0;
		st = ST(db, "INSERT INTO articles(site_id, column_id, status, publish_at,"
		            " unpublish_at, published_at, cover_id, created_by, created_at,"
		            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return ERR;
		sqlite3_bind_int64(st, 1, in->site_id);
		sqlite3_bind_int64(st, 2, in->column_id);
		sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
		content_bind_opt_int(st, 4, in->publish_at);
		content_bind_opt_int(st, 5, in->unpublish_at);
		content_bind_opt_int(st, 6,
		                     pub ? (in->publish_at ? in->publish_at : s->now_ms) : 0);
		content_bind_opt_int(st, 7, in->cover_id);
		content_bind_opt_int(st, 8, s->user_id);
		sqlite3_bind_int64(st, 9, s->now_ms);
		sqlite3_bind_int64(st, 10, s->now_ms);
		if (content_step_done(db, st) != OK)
			return ERR;
		s->new_id = sqlite3_last_insert_rowid(db);
		s->new_version = 1;
		st = ST(db,
		        "INSERT INTO placements(site_id, article_id, origin, placed_by, placed_at)"
		        " VALUES (?, ?, 'home', ?, ?)");
		if (st) {
			sqlite3_bind_int64(st, 1, in->site_id);
			sqlite3_bind_int64(st, 2, s->new_id);
			content_bind_opt_int(st, 3, s->user_id);
			sqlite3_bind_int64(st, 4, s->now_ms);
		}
		if (content_step_done(db, st) != OK)
			return ERR;
	}
	return article_parts_write(db, s->new_id, s->new_version, in, s->user_id, s->now_ms);
}

/* ---- workflow ---- */

static const char *const statuses[] = {"draft", "review", "published", "archived"};

static const struct {
	const char *from, *to, *perm;
} transitions[] = {
    {"draft", "review", "content.edit"},
    {"review", "published", "content.publish"},
    {"review", "draft", "content.publish"},
    {"published", "archived", "content.publish"},
};

bool content_status_valid(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_LEN(statuses); i++)
		if (strcmp(statuses[i], s) == 0)
			return true;
	return false;
}

/* The static string for status s (so that results outlive the statement). */
static const char *status_static(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_LEN(statuses); i++)
		if (strcmp(statuses[i], s) == 0)
			return statuses[i];
	return NULL;
}

const char *content_transition_perm(const char *from, const char *to)
{
	for (size_t i = 0; from && to && i < ARRAY_LEN(transitions); i++)
		if (strcmp(transitions[i].from, from) == 0 && strcmp(transitions[i].to, to) == 0)
			return transitions[i].perm;
	return NULL;
}

int content_article_transition(sqlite3 *db, void *ctx)
{
	struct article_transition *t = ctx;
	t->result = CONTENT_OK;
	sqlite3_stmt *st = ST(db, "SELECT status, version FROM articles WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, t->id);
	int64_t version = 0;
	t->from = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		t->from = status_static((const char *)sqlite3_column_text(st, 0));
		version = sqlite3_column_int64(st, 1);
	}
	store_write_stmt_release(db, st);
	if (!t->from) {
		t->result = CONTENT_NOT_FOUND;
		return ERR;
	}
	if (t->version && t->version != version) {
		t->result = CONTENT_STALE;
		return ERR;
	}
	if (!content_transition_perm(t->from, t->to)) {
		t->result = CONTENT_CONFLICT;
		return ERR;
	}
	bool scheduled = strcmp(t->to, "published") == 0 && t->publish_at > t->now_ms;
	t->status = scheduled ? "review" : status_static(t->to);
	st = ST(db, "UPDATE articles SET status = ?2,"
	            " publish_at = CASE WHEN ?3 THEN ?4 WHEN ?2 = 'draft' THEN NULL"
	            "   ELSE publish_at END,"
	            " published_at = CASE WHEN ?2 = 'published' THEN ?5 ELSE published_at END,"
	            " unpublish_at = coalesce(?6, unpublish_at),"
	            " updated_at = ?5, version = version + 1 WHERE id = ?1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_text(st, 2, t->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, scheduled);
	sqlite3_bind_int64(st, 4, t->publish_at);
	sqlite3_bind_int64(st, 5, t->now_ms);
	content_bind_opt_int(st, 6, t->unpublish_at);
	if (content_step_done(db, st) != OK)
		return ERR;
	t->new_version = version + 1;
	return OK;
}

int content_sweep(sqlite3 *db, void *ctx)
{
	struct content_sweep_run *r = ctx;
	r->published = r->archived = 0;
	sqlite3_stmt *st = ST(db, "UPDATE articles SET status = 'published', published_at ="
	                          " publish_at, publish_at = NULL, updated_at = ?1,"
	                          " version = version + 1 WHERE status = 'review'"
	                          " AND publish_at IS NOT NULL AND publish_at <= ?1");
	if (st)
		sqlite3_bind_int64(st, 1, r->now_ms);
	if (content_step_done(db, st) != OK)
		return ERR;
	r->published = sqlite3_changes(db);
	st = ST(db, "UPDATE articles SET status = 'archived', updated_at = ?1,"
	            " version = version + 1 WHERE status = 'published'"
	            " AND unpublish_at IS NOT NULL AND unpublish_at <= ?1");
	if (st)
		sqlite3_bind_int64(st, 1, r->now_ms);
	if (content_step_done(db, st) != OK)
		return ERR;
	r->archived = sqlite3_changes(db);
	if (r->published + r->archived == 0)
		return OK;
	char summary[96];
	snprintf(summary, sizeof summary, "published %d, archived %d", r->published, r->archived);
	struct audit_entry e = {.at = r->now_ms,
	                        .actor = "system",
	                        .action = "content.sweep",
	                        .object_type = "article",
	                        .summary = summary};
	return audit_append(db, &e);
}

static _Atomic uint64_t generation;

uint64_t content_generation(void)
{
	return atomic_load(&generation);
}

void content_touch(void)
{
	atomic_fetch_add(&generation, 1);
	content_scheduler_poke();
}

/* ---- revisions ---- */

static const char *json_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Fills t from a snapshot's language object; NULL when it is null. */
static struct article_text *text_from_json(json_t *o, struct article_text *t)
{
	if (!json_is_object(o))
		return NULL;
	t->title = json_str(o, "title");
	t->summary = json_str(o, "summary");
	t->body = json_str(o, "body");
	t->author = json_str(o, "author");
	t->source = json_str(o, "source");
	return t;
}

int content_revision_restore(sqlite3 *db, void *ctx)
{
	struct article_restore *r = ctx;
	r->result = CONTENT_OK;
	sqlite3_stmt *st = ST(db, "SELECT snapshot FROM revisions WHERE article_id = ? AND"
	                          " version = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->from_version);
	json_t *snap = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		snap = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	store_write_stmt_release(db, st);
	if (!snap) {
		r->result = CONTENT_NOT_FOUND;
		return ERR;
	}
	struct article_text zh, mn;
	struct article_save s = {
	    .id = r->id, .version = r->version, .user_id = r->user_id, .now_ms = r->now_ms};
	s.in.column_id = json_integer_value(json_object_get(snap, "column_id"));
	s.in.cover_id = json_integer_value(json_object_get(snap, "cover_id"));
	s.in.publish_at = json_integer_value(json_object_get(snap, "publish_at"));
	s.in.unpublish_at = json_integer_value(json_object_get(snap, "unpublish_at"));
	s.in.zh = text_from_json(json_object_get(snap, "zh"), &zh);
	s.in.mn = text_from_json(json_object_get(snap, "mn"), &mn);
	json_t *tags = json_object_get(snap, "tags");
	size_t ntags = json_array_size(tags);
	const char **tv = ntags ? calloc(ntags, sizeof *tv) : NULL;
	for (size_t i = 0; tv && i < ntags; i++) {
		const char *tag = json_string_value(json_array_get(tags, i));
		if (tag)
			tv[s.in.ntags++] = tag;
	}
	s.in.tags = tv;
	int rc = content_article_save(db, &s);
	free(tv);
	json_decref(snap);
	r->result = s.result;
	r->new_version = s.new_version;
	return rc;
}

/* ---- syndication ---- */

/* Whether article_id is placed on site_id; *article_found whether the article exists. */
static bool placed_on(sqlite3 *db, int64_t article_id, int64_t site_id, bool *article_found)
{
	bool found;
	sqlite3_stmt *st = ST(db, "SELECT 1 FROM articles WHERE id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, article_id);
	content_step_int(db, st, article_found);
	if (!*article_found)
		return false;
	st = ST(db, "SELECT 1 FROM placements WHERE site_id = ? AND article_id = ?");
	if (st) {
		sqlite3_bind_int64(st, 1, site_id);
		sqlite3_bind_int64(st, 2, article_id);
	}
	content_step_int(db, st, &found);
	return found;
}

int content_article_push(sqlite3 *db, void *ctx)
{
	struct article_push *p = ctx;
	p->result = CONTENT_OK;
	p->placed = 0;
	bool article;
	if (!placed_on(db, p->article_id, p->from_site_id, &article)) {
		p->result = article ? CONTENT_CONFLICT : CONTENT_NOT_FOUND;
		return ERR;
	}
	sqlite3_stmt *st = ST(db, "WITH RECURSIVE t(id) AS (SELECT id FROM sites WHERE"
	                          " parent_id = ?1 UNION ALL SELECT c.id FROM sites c"
	                          " JOIN t ON c.parent_id = t.id)"
	                          " INSERT OR IGNORE INTO placements(site_id, article_id, origin,"
	                          " hidden, placed_by, placed_at)"
	                          " SELECT id, ?2, 'push', 0, ?3, ?4 FROM t");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, p->from_site_id);
	sqlite3_bind_int64(st, 2, p->article_id);
	content_bind_opt_int(st, 3, p->user_id);
	sqlite3_bind_int64(st, 4, p->now_ms);
	if (content_step_done(db, st) != OK)
		return ERR;
	p->placed = sqlite3_changes(db);
	return OK;
}

int content_article_pull(sqlite3 *db, void *ctx)
{
	struct article_pull *p = ctx;
	p->result = CONTENT_OK;
	bool found;
	sqlite3_stmt *st = ST(db, "SELECT 1 FROM articles WHERE id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, p->article_id);
	content_step_int(db, st, &found);
	if (!found) {
		p->result = CONTENT_NOT_FOUND;
		return ERR;
	}
	st = ST(db, "WITH RECURSIVE t(id) AS (SELECT parent_id FROM sites WHERE id = ?1"
	            " UNION ALL SELECT c.parent_id FROM sites c JOIN t ON c.id = t.id"
	            " WHERE c.parent_id IS NOT NULL)"
	            " SELECT 1 FROM placements WHERE article_id = ?2 AND hidden = 0"
	            " AND site_id IN (SELECT id FROM t)");
	if (st) {
		sqlite3_bind_int64(st, 1, p->site_id);
		sqlite3_bind_int64(st, 2, p->article_id);
	}
	content_step_int(db, st, &found);
	if (!found) {
		p->result = CONTENT_CONFLICT;
		return ERR;
	}
	st = ST(db, "INSERT INTO placements(site_id, article_id, origin, hidden, placed_by,"
	            " placed_at) VALUES (?1, ?2, 'pull', 0, ?3, ?4)"
	            " ON CONFLICT(site_id, article_id) DO UPDATE SET hidden = 0");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, p->site_id);
	sqlite3_bind_int64(st, 2, p->article_id);
	content_bind_opt_int(st, 3, p->user_id);
	sqlite3_bind_int64(st, 4, p->now_ms);
	return content_step_done(db, st);
}

int content_article_hide(sqlite3 *db, void *ctx)
{
	struct article_hide *h = ctx;
	h->result = CONTENT_OK;
	sqlite3_stmt *st = ST(db, "UPDATE placements SET hidden = ? WHERE site_id = ?"
	                          " AND article_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int(st, 1, h->hidden);
	sqlite3_bind_int64(st, 2, h->site_id);
	sqlite3_bind_int64(st, 3, h->article_id);
	if (content_step_done(db, st) != OK)
		return ERR;
	if (sqlite3_changes(db) == 0) {
		h->result = CONTENT_NOT_FOUND;
		return ERR;
	}
	return OK;
}
