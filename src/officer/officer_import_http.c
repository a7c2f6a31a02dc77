/* officer_import_http.c: the managers' CSV import page (GET/POST /admin/officers/import,
 * multipart field "file", checkbox "valid_only", checkbox "dry_run") and the API twin
 * POST /api/v1/officers/import (text/csv as the multipart file; ?valid_only=1, ?dry_run=1).
 * Townships must lie within the manager's org.manage scopes. The import itself is
 * officer_import.c; it runs its own write, so these handlers answer synchronously. */
#include "officer/officer_internal.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/i18n.h"

#include <string.h>

static const struct upload *csv_upload(struct req *rq)
{
	for (size_t i = 0; i < rq->files.n; i++)
		if (strcmp(rq->files.items[i].field, "file") == 0)
			return &rq->files.items[i];
	return NULL;
}

static bool flag(struct req *rq, const char *name)
{
	const char *v = req_form(rq, name);
	if (!v)
		v = req_query(rq, name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

struct import_ctx {
	struct import_batch batch; /* first: the write closure gets the context as its batch */
	struct import_result res;
};

/* Checks the uploaded file and, when it is to be imported, hands its rows to the writer
 * (with the audit entry); `then` answers either way. */
static int import_accept(struct req *rq, struct resp *rs, handler_fn then)
{
	const struct upload *u = csv_upload(rq);
	if (!u || u->len == 0)
		return reply_error(rq, rs, 400, "required", "file", "error.required");
	const struct principal *p = auth_principal(rq);
	const char **scopes;
	size_t ns = auth_scopes(p, OFFICER_PERM_MANAGE, rq->arena, &scopes);
	struct import_ctx *c = arena_alloc(rq->arena, sizeof *c);
	int rc = officer_import_check(rq->app->store, rq->arena, u->data, u->len, scopes, ns,
	                              &c->res, &c->batch);
	if (rc != OK && c->res.nerrors == 0)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (rc != OK ||
	    !officer_import_should_write(&c->res, flag(rq, "valid_only"), flag(rq, "dry_run"))) {
		rq->write_ctx = c;
		rq->write_result = OK;
		return then(rq, rs);
	}
	c->batch.by_user = p->user_id;
	rq->audit.action = "officer.import";
	rq->audit.object_type = "officer";
	rq->audit.summary = arena_printf(rq->arena, "%zu officers imported", c->batch.n);
	return req_write(rq, officer_import_write, &c->batch, then);
}

static int page_import_done(struct req *rq, struct resp *rs)
{
	struct import_ctx *c = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	c->res.imported = c->batch.imported;
	if (c->res.nerrors && !c->res.imported)
		rs->status = 422;
	officer_view_import(rq, rs, &c->res, true);
	return OK;
}

/* GET /admin/officers/import */
static int page_import(struct req *rq, struct resp *rs)
{
	resp_header(rs, "Cache-Control", "no-store");
	officer_view_import(rq, rs, NULL, false);
	return OK;
}

/* POST /admin/officers/import */
static int page_import_post(struct req *rq, struct resp *rs)
{
	return import_accept(rq, rs, page_import_done);
}

static int api_import_done(struct req *rq, struct resp *rs)
{
	struct import_ctx *c = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct import_result *res = &c->res;
	res->imported = c->batch.imported;
	json_t *errs = json_array();
	for (size_t i = 0; i < res->nerrors; i++) {
		const char *reason = res->errors[i].reason;
		const char *dot = strrchr(reason, '.');
		json_t *e = json_pack("{s:i, s:s, s:s}", "line", res->errors[i].line, "code",
		                      dot ? dot + 1 : reason, "message", i18n(rq->lang, reason));
		json_object_set_new(e, "field",
		                    res->errors[i].field ? json_string(res->errors[i].field)
		                                         : json_null());
		json_array_append_new(errs, e);
	}
	return reply_json(rs, res->nerrors && !res->imported ? 422 : 200,
	                  json_pack("{s:i, s:i, s:i, s:o}", "rows", res->rows, "valid", res->valid,
	                            "imported", res->imported, "errors", errs));
}

/* POST /api/v1/officers/import */
static int api_import(struct req *rq, struct resp *rs)
{
	return import_accept(rq, rs, api_import_done);
}

void officer_import_mount(struct router *r)
{
	router_add(r, "GET", "/admin/officers/import", OFFICER_PERM_MANAGE, page_import);
	router_add(r, "POST", "/admin/officers/import", OFFICER_PERM_MANAGE, page_import_post);
	router_add(r, "POST", "/api/v1/officers/import", OFFICER_PERM_MANAGE, api_import);
}
