/* content_attach.c: an article's attachments (images, audio, video) through the API and the
 * editor console. A new file is checked by the media module before anything is stored
 * (type by its bytes, size limit per kind from config) and is attached in the same write
 * as its media row, so a refused or failed upload leaves neither a row nor a file; a file
 * from the media library is attached by its id. Permission: content.edit on the article's
 * home site. Each change is audited and bumps the content generation (portal caches). */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "content/content_http.h"
#include "media/media.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* One attach request: what to attach and how to answer. */
struct attach_req {
	struct media_attach at;
	bool file_created;
	bool console; /* answer with a redirect to the editor */
	char summary[96];
};

/* The article of the path that the user may edit; replies 404/403 itself. */
static int editable_article(struct req *rq, struct resp *rs, struct article *a, struct site *home)
{
	if (content_req_article(rq, a, home) != OK)
		return reply_error(rq, rs, 404, "not_found", NULL, "content.error.unknown_article"),
		       ERR;
	if (!auth_can(auth_principal(rq), "content.edit", content_site_scope(home)))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	return OK;
}

/* The media id the request names ({"media": N} or media=N), 0 when absent or malformed. */
static int64_t named_media(struct req *rq)
{
	if (rq->json) {
		json_t *v = json_is_object(rq->json) ? json_object_get(rq->json, "media") : NULL;
		return json_is_integer(v) && json_integer_value(v) > 0 ? json_integer_value(v) : 0;
	}
	return content_parse_id(req_form(rq, "media"));
}

static const char *editor_url(struct req *rq, int64_t id, const char *done)
{
	return arena_printf(rq->arena, "/admin/articles/%" PRId64 "/edit?done=%s#attachments", id,
	                    done);
}

static int attached(struct req *rq, struct resp *rs)
{
	struct attach_req *x = rq->write_ctx;
	if (rq->write_result != OK) {
		if (x->at.upload)
			media_upload_abandon(rq, x->at.m.row.sha256, x->file_created);
		if (x->at.result == MEDIA_ATTACH_DUPLICATE)
			return reply_error(rq, rs, 409, "conflict", "media",
			                   "content.error.attached_already");
		if (x->at.result == MEDIA_ATTACH_UNKNOWN && !x->at.upload)
			return reply_error(rq, rs, 404, "not_found", "media", "error.not_found");
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	content_touch();
	if (x->console)
		return reply_redirect(rs, 303, editor_url(rq, x->at.article_id, "attached"));
	struct media_row r;
	if (media_by_id(rq->app->store, rq->arena, x->at.m.row.id, &r) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(rs, 201, media_row_json(rq->arena, &r));
}

/* Attaches the request's upload (file part "file") or library media (media id). */
static int attach(struct req *rq, struct resp *rs, bool console)
{
	struct article a;
	struct site home;
	if (editable_article(rq, rs, &a, &home) != OK)
		return OK;
	struct attach_req *x = arena_alloc(rq->arena, sizeof *x);
	x->console = console;
	x->at.article_id = a.id;
	struct media_row *r = &x->at.m.row;
	if (rq->files.n) {
		x->at.upload = true;
		const char *scope = arena_strdup(rq->arena, content_site_scope(&home));
		if (media_upload_accept(rq, rs, MEDIA_KINDS_ATTACH, scope, r, &x->file_created) !=
		    OK)
			return OK;
	} else {
		int64_t id = named_media(rq);
		if (!id)
			return reply_error(rq, rs, 400, "required", "file", "media.error.no_file");
		if (media_by_id(rq->app->store, rq->arena, id, r) != OK)
			return reply_error(rq, rs, 404, "not_found", "media", "error.not_found");
		if (strcmp(r->kind, "document") == 0)
			return reply_error(rq, rs, 415, "unsupported_media_type", "media",
			                   "media.error.kind");
	}
	snprintf(x->summary, sizeof x->summary, "%s %s %lld bytes", r->kind, r->mime,
	         (long long)r->bytes);
	content_audit_note(rq, "article.attach", &x->at.article_id, &home, x->summary);
	return req_write(rq, media_attach, x, attached);
}

struct detach_req {
	struct media_detach d;
	bool console;
};

static int detached(struct req *rq, struct resp *rs)
{
	struct detach_req *x = rq->write_ctx;
	if (rq->write_result != OK)
		return x->d.result == MEDIA_ATTACH_UNKNOWN
		           ? reply_error(rq, rs, 404, "not_found", "media", "error.not_found")
		           : reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	content_touch();
	if (x->console)
		return reply_redirect(rs, 303, editor_url(rq, x->d.article_id, "detached"));
	rs->status = 204;
	return OK;
}

static int detach(struct req *rq, struct resp *rs, int64_t media_id, bool console)
{
	struct article a;
	struct site home;
	if (editable_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!media_id)
		return reply_error(rq, rs, 400, "invalid_value", "media", "error.invalid_value");
	struct detach_req *x = arena_alloc(rq->arena, sizeof *x);
	*x = (struct detach_req){{.article_id = a.id, .media_id = media_id}, console};
	content_audit_note(rq, "article.detach", &x->d.article_id, &home,
	                   arena_printf(rq->arena, "media %" PRId64, media_id));
	return req_write(rq, media_detach, x, detached);
}

/* POST /api/v1/articles/:id/attachments (multipart "file", or {"media": id}) */
static int api_attach(struct req *rq, struct resp *rs)
{
	return attach(rq, rs, false);
}

/* DELETE /api/v1/articles/:id/attachments/:media */
static int api_detach(struct req *rq, struct resp *rs)
{
	return detach(rq, rs, content_parse_id(req_param(rq, "media")), false);
}

/* GET /api/v1/articles/:id/attachments — public for a published article, else for readers
 * of drafts on its site (404 otherwise, as for the article itself). */
static int api_attachments(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (content_req_article(rq, &a, &home) != OK ||
	    (!content_article_public(&a, clock_wall_ms()) &&
	     !auth_can(auth_principal(rq), "content.read_drafts", content_site_scope(&home))))
		return reply_error(rq, rs, 404, "not_found", NULL, "content.error.unknown_article");
	struct media_row *rows;
	size_t n;
	if (media_article_list(rq->app->store, rq->arena, a.id, &rows, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, media_row_json(rq->arena, &rows[i]));
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

/* POST /admin/articles/:id/attachments (multipart "file", or media=id) */
static int console_attach(struct req *rq, struct resp *rs)
{
	return attach(rq, rs, true);
}

/* POST /admin/articles/:id/attachments/delete (media=id) */
static int console_detach(struct req *rq, struct resp *rs)
{
	return detach(rq, rs, content_parse_id(req_form(rq, "media")), true);
}

void content_attach_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/articles/:id/attachments", PERM_PUBLIC, api_attachments);
	router_add(r, "POST", "/api/v1/articles/:id/attachments", "content.edit", api_attach);
	router_add(r, "DELETE", "/api/v1/articles/:id/attachments/:media", "content.edit",
	           api_detach);
	router_add(r, "POST", "/admin/articles/:id/attachments", "content.edit", console_attach);
	router_add(r, "POST", "/admin/articles/:id/attachments/delete", "content.edit",
	           console_detach);
}
