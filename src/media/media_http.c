/* media_http.c: POST /api/v1/media (upload, multipart field "file"), GET /api/v1/media
 * (the media within the caller's scopes), GET /media/:sha256 (the bytes, immutable).
 *
 * An upload is checked before anything is stored — a file part named "file", not empty,
 * a type recognised by its bytes, within its kind's size limit (media.max_*_bytes; the
 * whole request is also capped by server.max_body_bytes, which answers 413 before the
 * handler runs) — then the bytes are written under their hash and the row goes through
 * the writer with its audit entry. If the row cannot be written, a file this request
 * created and no row names is removed again. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"
#include "media/media.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEDIA_FILENAME_MAX 255 /* bytes of a kept file name */
#define MEDIA_PAGE_DEFAULT 50

json_t *media_row_json(struct arena *a, const struct media_row *r)
{
	char at[32];
	clock_format_rfc3339(r->uploaded_at, at);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id,
	                 "sha256", r->sha256, "kind", r->kind, "mime", r->mime, "scope", r->scope,
	                 "bytes", (json_int_t)r->bytes, "filename", r->filename ? r->filename : "",
	                 "url", arena_printf(a, "/media/%s", r->sha256), "uploaded_at", at);
}

/* The file part named "file", or NULL. */
static const struct upload *upload_file(struct req *rq)
{
	for (size_t i = 0; i < rq->files.n; i++)
		if (strcmp(rq->files.items[i].field, "file") == 0)
			return &rq->files.items[i];
	return NULL;
}

/* The client's file name for display: its last path component, valid UTF-8 without control
 * characters, at most MEDIA_FILENAME_MAX bytes (cut at a character boundary). */
static const char *display_name(struct arena *a, const char *name)
{
	if (!name)
		return "";
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	char *out = arena_alloc(a, MEDIA_FILENAME_MAX + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(base + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		if (o + len > MEDIA_FILENAME_MAX)
			break;
		if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F)) {
			memcpy(out + o, base + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}

void media_upload_abandon(struct req *rq, const char *sha, bool file_created)
{
	struct media_row row;
	if (!file_created || media_by_sha(rq->app->store, rq->arena, sha, &row) == OK)
		return;
	char path[CONFIG_PATH_MAX + 96];
	media_path(rq->app->cfg->data_dir, sha, path, sizeof path);
	unlink(path);
}

int media_upload_accept(struct req *rq, struct resp *rs, unsigned kinds, const char *scope,
                        struct media_row *r, bool *file_created)
{
	const struct config *cfg = rq->app->cfg;
	const struct upload *f = upload_file(rq);
	*file_created = false;
	if (!f)
		return reply_error(rq, rs, 400, "required", "file", "media.error.no_file"), ERR;
	if (f->len == 0)
		return reply_error(rq, rs, 400, "empty_file", "file", "media.error.empty"), ERR;
	struct media_type t = media_sniff(f->data, f->len);
	if (t.kind == MEDIA_NONE || !(kinds & MEDIA_KIND_BIT(t.kind)))
		return reply_error(rq, rs, 415, "unsupported_media_type", "file",
		                   t.kind == MEDIA_NONE ? "media.error.type" : "media.error.kind"),
		       ERR;
	if ((int64_t)f->len > media_kind_limit(cfg, t.kind))
		return reply_error_detail(rq, rs, 413, "file_too_large", "file",
		                          "media.error.too_large",
		                          arena_printf(rq->arena, "%lld",
		                                       (long long)media_kind_limit(cfg, t.kind))),
		       ERR;
	if (!scope || !auth_scope_valid(scope))
		return reply_error(rq, rs, 400, "invalid_value", "scope", "error.invalid_value"),
		       ERR;
	char *sha = arena_alloc(rq->arena, 65);
	media_sha256_hex(f->data, f->len, sha);
	if (media_file_store(cfg->data_dir, sha, f->data, f->len, file_created) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable"), ERR;
	const struct principal *p = auth_principal(rq);
	*r = (struct media_row){.scope = scope,
	                        .sha256 = sha,
	                        .kind = media_kind_name(t.kind),
	                        .mime = t.mime,
	                        .bytes = (int64_t)f->len,
	                        .filename = display_name(rq->arena, f->filename),
	                        .uploaded_by = p ? p->user_id : 0,
	                        .uploaded_at = clock_wall_ms()};
	return OK;
}

struct upload_ctx {
	struct media_new m;
	bool file_created;
	char summary[96];
};

static int upload_done(struct req *rq, struct resp *rs)
{
	struct upload_ctx *u = rq->write_ctx;
	if (rq->write_result != OK) {
		media_upload_abandon(rq, u->m.row.sha256, u->file_created);
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	struct media_row r;
	if (media_by_sha(rq->app->store, rq->arena, u->m.row.sha256, &r) != OK)
		r = u->m.row;
	resp_header(rs, "Location", arena_printf(rq->arena, "/media/%s", r.sha256));
	return reply_json(rs, u->m.created ? 201 : 200, media_row_json(rq->arena, &r));
}

/* The scope an upload or a listing acts on: ?scope= (checked by the access check), else
 * the first scope where the caller may edit content. */
static const char *request_scope(struct req *rq)
{
	const char *scope = req_query(rq, "scope");
	if (scope)
		return scope;
	const char **scopes;
	size_t n = auth_scopes(auth_principal(rq), MEDIA_PERM, rq->arena, &scopes);
	return n ? scopes[0] : NULL;
}

/* POST /api/v1/media */
static int upload_post(struct req *rq, struct resp *rs)
{
	struct upload_ctx *u = arena_alloc(rq->arena, sizeof *u);
	struct media_row *r = &u->m.row;
	if (media_upload_accept(rq, rs, MEDIA_KINDS_ANY, request_scope(rq), r, &u->file_created) !=
	    OK)
		return OK;
	snprintf(u->summary, sizeof u->summary, "%s %s %lld bytes", r->kind, r->mime,
	         (long long)r->bytes);
	rq->audit.action = "media.upload";
	rq->audit.object_type = "media";
	rq->audit.object_id = &r->id;
	rq->audit.scope = r->scope;
	rq->audit.summary = u->summary;
	return req_write(rq, media_insert, u, upload_done);
}

/* Parses a non-negative whole number query parameter; false when present and malformed. */
static bool query_int(struct req *rq, const char *name, int64_t lo, int64_t hi, int64_t *v)
{
	const char *s = req_query(rq, name);
	if (!s)
		return true;
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (errno || end == s || *end || x < lo || x > hi)
		return false;
	*v = x;
	return true;
}

/* GET /api/v1/media?scope=&cursor=&limit= */
static int list_get(struct req *rq, struct resp *rs)
{
	int64_t after = 0, limit = MEDIA_PAGE_DEFAULT;
	if (!query_int(rq, "cursor", 0, INT64_MAX, &after))
		return reply_error(rq, rs, 400, "invalid_value", "cursor", "error.invalid_value");
	if (!query_int(rq, "limit", 1, MEDIA_PAGE_MAX, &limit))
		return reply_error(rq, rs, 400, "invalid_value", "limit", "error.invalid_value");
	struct media_filter f = {.after_id = after, .limit = (int)limit};
	const char *scope = req_query(rq, "scope");
	const char **scopes;
	if (scope) {
		if (!auth_scope_valid(scope))
			return reply_error(rq, rs, 400, "invalid_value", "scope",
			                   "error.invalid_value");
		f.scopes = &scope;
		f.nscopes = 1;
	} else {
		f.nscopes = auth_scopes(auth_principal(rq), MEDIA_PERM, rq->arena, &scopes);
		f.scopes = scopes;
	}
	struct media_row *rows;
	size_t n;
	int64_t total;
	if (media_list(rq->app->store, rq->arena, &f, &rows, &n, &total) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, media_row_json(rq->arena, &rows[i]));
	json_t *next = n == (size_t)f.limit && n > 0
	                   ? json_string(arena_printf(rq->arena, "%lld", (long long)rows[n - 1].id))
	                   : json_null();
	return reply_json(
	    rs, 200,
	    json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)total, "next", next));
}

/* Reads the file at path into out; ERR when it cannot. */
static int read_file(const char *path, struct strbuf *out)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return ERR;
	struct stat st;
	int rc = fstat(fileno(fp), &st) == 0 ? OK : ERR;
	if (rc == OK) {
		strbuf_grow(out, (size_t)st.st_size);
		size_t got = fread(out->data + out->len, 1, (size_t)st.st_size, fp);
		out->len += got;
		out->data[out->len] = '\0';
		rc = got == (size_t)st.st_size ? OK : ERR;
	}
	fclose(fp);
	return rc;
}

/* GET /media/:sha256 */
static int file_get(struct req *rq, struct resp *rs)
{
	const char *sha = req_param(rq, "sha256");
	struct media_row r;
	if (!media_sha_valid(sha) || media_by_sha(rq->app->store, rq->arena, sha, &r) != OK)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	resp_header(rs, "Cache-Control", "public, max-age=31536000, immutable");
	resp_header(rs, "X-Content-Type-Options", "nosniff");
	resp_header(rs, "Content-Security-Policy", "default-src 'none'; sandbox");
	if (strcmp(r.kind, "document") == 0)
		resp_header(rs, "Content-Disposition", "attachment");
	if (resp_etag_matches(rq, rs, arena_printf(rq->arena, "\"%s\"", sha)))
		return OK;
	char path[CONFIG_PATH_MAX + 96];
	media_path(rq->app->cfg->data_dir, sha, path, sizeof path);
	if (read_file(path, &rs->body) != OK) {
		strbuf_reset(&rs->body);
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	}
	rs->status = 200;
	rs->content_type = r.mime;
	return OK;
}

void media_mount(struct router *r)
{
	router_add(r, "POST", "/api/v1/media", MEDIA_PERM, upload_post)->scope_param = "scope";
	router_add(r, "GET", "/api/v1/media", MEDIA_PERM, list_get)->scope_param = "scope";
	router_add(r, "GET", "/media/:sha256", PERM_PUBLIC, file_get);
}
