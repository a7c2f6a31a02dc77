/* request.c: request accessors and response helpers shared by every handler. */
#include "http/http.h"
#include "base/common.h"
#include "base/i18n.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

const int route_status_codes[ROUTE_STATUS_SLOTS] = {200, 201, 204, 303, 304, 400, 401, 403,
                                                    404, 405, 409, 413, 429, 431, 500, 0};
const double latency_bounds_s[LATENCY_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                  0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

int route_status_slot(int status)
{
	for (int i = 0; i < ROUTE_STATUS_SLOTS - 1; i++)
		if (route_status_codes[i] == status)
			return i;
	return ROUTE_STATUS_SLOTS - 1;
}

const char *req_header(struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *rq, const char *name)
{
	return kvlist_get(&rq->query, name);
}

const char *req_param(struct req *rq, const char *name)
{
	return kvlist_get(&rq->params, name);
}

const char *req_form(struct req *rq, const char *name)
{
	if (rq->json) {
		json_t *v = json_is_object(rq->json) ? json_object_get(rq->json, name) : NULL;
		return json_is_string(v) ? json_string_value(v) : NULL;
	}
	return kvlist_get(&rq->form, name);
}

int req_write(struct req *rq, store_write_fn fn, void *ctx, handler_fn then)
{
	rq->write_fn = fn;
	rq->write_ctx = ctx;
	rq->then = then;
	return OK;
}

void resp_header(struct resp *rs, const char *name, const char *value)
{
	bool repeatable = strcasecmp(name, "Set-Cookie") == 0;
	for (int i = 0; i < rs->nheaders && !repeatable; i++)
		if (strcasecmp(rs->headers[i].name, name) == 0) {
			rs->headers[i].value = value;
			return;
		}
	if (rs->nheaders < (int)ARRAY_LEN(rs->headers))
		rs->headers[rs->nheaders++] = (struct resp_header){name, value};
}

int reply_json(struct resp *rs, int status, json_t *j)
{
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	strbuf_reset(&rs->body);
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text) {
		strbuf_puts(&rs->body, text);
		free(text);
	}
	return OK;
}

int reply_redirect(struct resp *rs, int status, const char *location)
{
	rs->status = status;
	resp_header(rs, "Location", location);
	rs->content_type = "text/plain; charset=utf-8";
	strbuf_reset(&rs->body);
	return OK;
}

int reply_error_detail(struct req *rq, struct resp *rs, int status, const char *code,
                       const char *field, const char *message_key, const char *detail)
{
	const char *text = i18n(rq->lang, message_key);
	const char *message =
	    detail && *detail ? arena_printf(rq->arena, "%s: %s", text, detail) : text;
	if (field && *field)
		message = arena_printf(rq->arena, "%s (%s)", message, field);
	if (rq->is_api || !rq->app || !rq->app->error_page) {
		json_t *err =
		    json_pack("{s:s, s:s, s:s?}", "code", code, "message", message, "field", field);
		if (!field)
			json_object_set_new(err, "field", json_null());
		reply_json(rs, status, json_pack("{s:o}", "error", err));
		return OK;
	}
	rs->status = status;
	strbuf_reset(&rs->body);
	rq->app->error_page(rq, rs, message);
	rs->status = status;
	return OK;
}

int reply_error(struct req *rq, struct resp *rs, int status, const char *code, const char *field,
                const char *message_key)
{
	return reply_error_detail(rq, rs, status, code, field, message_key, NULL);
}

bool resp_etag_matches(struct req *rq, struct resp *rs, const char *etag)
{
	resp_header(rs, "ETag", etag);
	const char *inm = req_header(rq, "If-None-Match");
	if (!inm)
		return false;
	if (strcmp(inm, "*") == 0 || strstr(inm, etag)) {
		rs->status = 304;
		strbuf_reset(&rs->body);
		rs->static_body = NULL;
		return true;
	}
	return false;
}
