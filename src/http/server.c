/* server.c: libmicrohttpd glue. Owns each connection's request state (arena, body
 * buffer), the common steps before a handler (decode path and query, parse the body, route,
 * rate limit, access check), the write hand-off (suspend until the writer's commit, then
 * resume), response headers, metrics and the access log, and clean shutdown. */
#include "http/server.h"
#include "http/cache.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/i18n.h"
#include "base/log.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum phase { PHASE_NEW, PHASE_BODY, PHASE_WAIT, PHASE_DONE };

struct conn_state {
	struct arena arena;
	struct req rq;
	struct resp rs;
	enum phase phase;
	int64_t start_ns;
	const char *raw_uri;
	struct strbuf body;
	bool body_too_large;
	bool response_queued;
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct app *app = cls;
	struct conn_state *st = calloc(1, sizeof *st);
	if (!st)
		abort();
	arena_init(&st->arena, 16384);
	st->start_ns = clock_mono_ns();
	st->raw_uri = arena_strdup(&st->arena, uri ? uri : "/");
	strbuf_init(&st->body);
	strbuf_init(&st->rs.body);
	st->rq.arena = &st->arena;
	st->rq.app = app;
	st->rq.conn = c;
	st->rq.lang = "zh";
	app->in_flight++;
	return st;
}

static void client_address(struct MHD_Connection *c, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, outlen, "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
		          (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		          (socklen_t)outlen);
}

/* The access log's client: its network, not the address (a person's address is personal
 * data) — IPv4 with the last byte zeroed (a.b.c.0), IPv6 with the first 48 bits kept
 * (x:y:z::). Returns out. */
static const char *client_network(const char *ip, char *out, size_t outlen)
{
	unsigned char bin[16];
	snprintf(out, outlen, "-");
	if (inet_pton(AF_INET, ip, bin) == 1) {
		bin[3] = 0;
		inet_ntop(AF_INET, bin, out, (socklen_t)outlen);
	} else if (inet_pton(AF_INET6, ip, bin) == 1) {
		memset(bin + 6, 0, 10);
		inet_ntop(AF_INET6, bin, out, (socklen_t)outlen);
	}
	return out;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct app *app = cls;
	struct conn_state *st = *req_cls;
	if (!st)
		return;
	int64_t dur = clock_mono_ns() - st->start_ns;
	int status = st->rs.status;
	if (!st->response_queued) /* refused by libmicrohttpd itself, or the client left */
		metrics_record(app, st->rq.route, status, dur);
	if (app->cfg->access_log && st->rq.method) {
		struct logline l;
		log_begin(&l, LOG_INFO, "http.access");
		log_str(&l, "method", st->rq.method);
		log_str(&l, "path", st->rq.path ? st->rq.path : "-");
		log_str(&l, "route", st->rq.route ? st->rq.route->pattern : "-");
		log_int(&l, "status", status);
		log_int(&l, "us", dur / 1000);
		char client[48];
		log_str(&l, "client", client_network(st->rq.client_ip, client, sizeof client));
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			log_int(&l, "aborted", toe);
		log_end(&l);
	}
	if (st->rq.json)
		json_decref(st->rq.json);
	strbuf_free(&st->body);
	strbuf_free(&st->rs.body);
	arena_free(&st->arena);
	free(st);
	*req_cls = NULL;
	app->in_flight--;
}

static enum MHD_Result send_response(struct conn_state *st)
{
	struct resp *rs = &st->rs;
	/* counted when the answer is handed over, so a client that reads /metrics right after
	 * its previous answer sees that request counted */
	metrics_record(st->rq.app, st->rq.route, rs->status, clock_mono_ns() - st->start_ns);
	struct MHD_Response *r;
	if (rs->static_body) {
		r = MHD_create_response_from_buffer(rs->static_len, (void *)rs->static_body,
		                                    MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *body = strbuf_detach(&rs->body, &len);
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!r)
			free(body);
	}
	if (!r)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(r, "Content-Type", rs->content_type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (rs->content_type && strncmp(rs->content_type, "text/html", 9) == 0) {
		MHD_add_response_header(r, "X-Frame-Options", "DENY");
		MHD_add_response_header(
		    r, "Content-Security-Policy",
		    "default-src 'self'; img-src 'self' data:; object-src 'none';"
		    " frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
	}
	bool has_cache = false;
	for (int i = 0; i < rs->nheaders; i++) {
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
		has_cache |= strcasecmp(rs->headers[i].name, "Cache-Control") == 0;
	}
	if (!has_cache)
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	enum MHD_Result ret = MHD_queue_response(st->rq.conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	st->response_queued = true;
	st->phase = PHASE_DONE;
	return ret;
}

static void choose_language(struct req *rq)
{
	const char *lang = i18n_lang(req_query(rq, "lang"));
	if (!lang)
		lang = i18n_lang(kvlist_get(&rq->cookies, "lang"));
	rq->lang_chosen = lang != NULL;
	if (!lang)
		lang = i18n_from_accept(req_header(rq, "Accept-Language"));
	rq->lang = lang;
}

/* First call: method, path, query, cookies, language; early refusals. */
static int request_begin(struct app *app, struct conn_state *st, const char *method)
{
	struct req *rq = &st->rq;
	rq->method = arena_strdup(&st->arena, method);
	client_address(rq->conn, rq->client_ip, sizeof rq->client_ip);
	const char *q = strchr(st->raw_uri, '?');
	size_t plen = q ? (size_t)(q - st->raw_uri) : strlen(st->raw_uri);
	rq->raw_query = q ? q + 1 : "";
	rq->is_api = strncmp(st->raw_uri, "/api/", 5) == 0;
	const char *cookie = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Cookie");
	if (cookie)
		parse_cookies(&st->arena, cookie, &rq->cookies);
	rq->path = url_decode(&st->arena, st->raw_uri, plen, false, NULL);
	if (!rq->path || rq->path[0] != '/') {
		rq->path = NULL;
		return reply_error(rq, &st->rs, 400, "invalid_path", NULL, "error.invalid_path"),
		       ERR;
	}
	struct parse_error pe = {0};
	if (parse_urlencoded(&st->arena, rq->raw_query, strlen(rq->raw_query), &rq->query, &pe) !=
	    OK) {
		choose_language(rq);
		return reply_error(rq, &st->rs, 400, "invalid_query", pe.field,
		                   "error.invalid_encoding"),
		       ERR;
	}
	choose_language(rq);
	if (app->stopping) {
		resp_header(&st->rs, "Connection", "close");
		resp_header(&st->rs, "Retry-After", "1");
		return reply_error(rq, &st->rs, 503, "unavailable", NULL, "error.unavailable"), ERR;
	}
	const char *cl = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > (unsigned long long)app->cfg->max_body_bytes)
		return reply_error(rq, &st->rs, 413, "body_too_large", NULL,
		                   "error.body_too_large"),
		       ERR;
	return OK;
}

/* Parses the body by content type into rq->form / rq->files / rq->json. */
static int parse_body(struct conn_state *st)
{
	struct req *rq = &st->rq;
	rq->body = st->body.data;
	rq->body_len = st->body.len;
	if (rq->body_len == 0)
		return OK;
	const char *ctype = req_header(rq, "Content-Type");
	struct parse_error pe = {0};
	if (content_type_is(ctype, "application/json")) {
		rq->json = parse_json(rq->body, rq->body_len, &pe);
		if (!rq->json)
			return reply_error_detail(rq, &st->rs, 400, "malformed_json", NULL,
			                          "error.malformed_json", pe.detail),
			       ERR;
		return OK;
	}
	if (content_type_is(ctype, "application/x-www-form-urlencoded")) {
		if (parse_urlencoded(&st->arena, rq->body, rq->body_len, &rq->form, &pe) != OK)
			return reply_error(rq, &st->rs, 400, "invalid_form", pe.field,
			                   "error.invalid_encoding"),
			       ERR;
		return OK;
	}
	if (content_type_is(ctype, "multipart/form-data")) {
		if (parse_multipart(&st->arena, ctype, rq->body, rq->body_len, &rq->form,
		                    &rq->files, &pe) != OK)
			return reply_error(rq, &st->rs, 400, "invalid_form", pe.field,
			                   strcmp(pe.reason, "invalid_encoding") == 0
			                       ? "error.invalid_encoding"
			                       : "error.malformed_multipart"),
			       ERR;
		return OK;
	}
	return reply_error(rq, &st->rs, 415, "unsupported_media_type", NULL,
	                   "error.unsupported_media_type"),
	       ERR;
}

/* The request's write and its audit entry, in one savepoint: both or neither. Runs on the
 * writer thread while the request is suspended. */
static int audited_write(sqlite3 *db, void *arg)
{
	struct conn_state *st = arg;
	int rc = st->rq.write_fn(db, st->rq.write_ctx);
	if (rc == OK && st->rq.app->audit_append)
		rc = st->rq.app->audit_append(db, &st->rq);
	return rc;
}

static void write_done(void *arg, int result)
{
	struct conn_state *st = arg;
	st->rq.write_result = result;
	MHD_resume_connection(st->rq.conn);
}

/* Routes and runs the handler; returns true when it handed off a write (suspended). */
static bool dispatch(struct app *app, struct conn_state *st)
{
	struct req *rq = &st->rq;
	struct resp *rs = &st->rs;
	if (st->body_too_large) {
		reply_error(rq, rs, 413, "body_too_large", NULL, "error.body_too_large");
		return false;
	}
	char allow[128];
	const struct route *route = NULL;
	switch (router_match(&app->router, &st->arena, rq->method, rq->path, &route, &rq->params,
	                     allow, sizeof allow)) {
	case ROUTE_NOT_FOUND:
		reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
		return false;
	case ROUTE_BAD_METHOD:
		reply_error(rq, rs, 405, "method_not_allowed", NULL, "error.method_not_allowed");
		resp_header(rs, "Allow", arena_strdup(&st->arena, allow));
		return false;
	case ROUTE_FOUND:
		break;
	}
	rq->route = route;
	if (parse_body(st) != OK)
		return false;
	if (route->rate_per_minute > 0) {
		int wait =
		    ratelimit_take(app->limits, route, rq->client_ip, route->rate_per_minute);
		if (wait > 0) {
			reply_error(rq, rs, 429, "rate_limited", NULL, "error.rate_limited");
			resp_header(rs, "Retry-After", arena_printf(&st->arena, "%d", wait));
			return false;
		}
	}
	if (app->authenticate && !route->no_session && app->authenticate(rq, rs) != OK)
		return false;
	access_check_fn check = app->access_check ? app->access_check : access_check_default;
	if (check(rq, route) != OK) {
		/* a visitor is sent to sign in; a signed-in user lacks the permission */
		if (!rq->principal)
			reply_error(rq, rs, 401, "unauthenticated", NULL, "error.unauthenticated");
		else
			reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
		return false;
	}
	const char *qlang = i18n_lang(req_query(rq, "lang"));
	if (qlang && !rq->is_api)
		resp_header(rs, "Set-Cookie",
		            arena_printf(&st->arena,
		                         "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", qlang));
	/* pages for signed-in users carry their name: never from the shared cache */
	bool cacheable = route->cacheable && !rq->principal && app->cache &&
	                 app->cfg->cache_ttl_s > 0 &&
	                 (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0);
	char etag[HTTP_ETAG_SIZE];
	int64_t now_ms = clock_mono_ns() / 1000000;
	const char *key =
	    cacheable ? arena_printf(&st->arena, "%s\n%s", st->raw_uri, rq->lang) : NULL;
	if (cacheable && resp_cache_get(app->cache, key, 0, now_ms, rs, etag, NULL, 0)) {
		resp_etag_matches(rq, rs, arena_strdup(&st->arena, etag));
		return false;
	}
	int headers_before = rs->nheaders;
	route->fn(rq, rs);
	if (cacheable && !rq->write_fn && rs->nheaders == headers_before &&
	    resp_cache_put(app->cache, key, 0, now_ms, (int64_t)app->cfg->cache_ttl_s * 1000, rs,
	                   etag, NULL, 0))
		resp_etag_matches(rq, rs, arena_strdup(&st->arena, etag));
	if (!rq->write_fn)
		return false;
	st->phase = PHASE_WAIT;
	MHD_suspend_connection(rq->conn);
	if (store_write_async(app->store, audited_write, st, write_done, st) != OK) {
		rq->write_result = ERR;
		MHD_resume_connection(rq->conn);
	}
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
	struct app *app = cls;
	struct conn_state *st = *req_cls;
	if (!st)
		return MHD_NO;
	switch (st->phase) {
	case PHASE_NEW:
		st->phase = PHASE_BODY;
		if (request_begin(app, st, method) != OK)
			return send_response(st);
		return MHD_YES;
	case PHASE_BODY:
		if (*upload_data_size) {
			if (st->body.len + *upload_data_size > (size_t)app->cfg->max_body_bytes)
				st->body_too_large = true;
			else
				strbuf_append(&st->body, upload_data, *upload_data_size);
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (dispatch(app, st))
			return MHD_YES;
		break;
	case PHASE_WAIT: {
		handler_fn then = st->rq.then;
		st->rq.write_fn = NULL;
		st->rq.then = NULL;
		if (st->rq.write_result == ERR && !then)
			reply_error(&st->rq, &st->rs, 503, "unavailable", NULL,
			            "error.unavailable");
		else
			then(&st->rq, &st->rs);
		break;
	}
	case PHASE_DONE:
		if (*upload_data_size) { /* body after an early refusal: discard it */
			*upload_data_size = 0;
			return MHD_YES;
		}
		return MHD_YES;
	}
	if (st->rs.status == 0)
		reply_error(&st->rq, &st->rs, 500, "internal", NULL, "error.internal");
	return send_response(st);
}

int server_start(struct app *app, char *err, size_t errlen)
{
	const struct config *cfg = app->cfg;
	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
		snprintf(err, errlen, "server.bind: '%s' is not an IPv4 address", cfg->bind);
		return ERR;
	}
	if (!app->limits)
		app->limits = ratelimit_new();
	if (!app->cache)
		app->cache = resp_cache_new();
	unsigned threads =
	    cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
	struct MHD_Daemon *d =
	    MHD_start_daemon(flags, 0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, &addr,
	                     MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
	                     (unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	                     (unsigned)cfg->request_timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	                     (size_t)cfg->max_header_bytes, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
	                     app, MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
	                     MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "cannot listen on %s:%d", cfg->bind, cfg->port);
		return ERR;
	}
	app->daemon = d;
	return OK;
}

int server_port(struct app *app)
{
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(app->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return di ? di->port : -1;
}

void server_stop(struct app *app, int timeout_ms)
{
	if (!app->daemon)
		return;
	/* Not MHD_quiesce_daemon: with a thread pool on epoll (libmicrohttpd 0.9.75) it races the
	 * workers removing the listening socket from their epoll sets, and whichever loses
	 * aborts the process ("Failed to remove listen FD from epoll set"). New requests get
	 * 503 + Connection: close instead while the in-flight ones finish. */
	app->stopping = true;
	for (int waited = 0; app->in_flight > 0 && waited < timeout_ms; waited += 10)
		usleep(10000);
	MHD_stop_daemon(app->daemon);
	app->daemon = NULL;
	ratelimit_free(app->limits);
	app->limits = NULL;
	resp_cache_free(app->cache);
	app->cache = NULL;
}
