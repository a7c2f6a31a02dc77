/* http.h: what modules use to serve HTTP — the request and response, the router with
 * declared permissions, reply helpers and the asynchronous write hand-off. The server
 * itself (libmicrohttpd) is in server.c; see server.h for starting and stopping it. */
#ifndef TALA_HTTP_H
#define TALA_HTTP_H

#include "base/arena.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "http/parse.h"
#include "store/store.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct req;
struct resp;
struct app;

typedef int (*handler_fn)(struct req *rq, struct resp *rs);

#define PERM_PUBLIC "public" /* the permission every visitor has */

#define ROUTE_STATUS_SLOTS 16
#define LATENCY_BUCKETS    12

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/regions/:code"; a final "*name" takes the rest */
	const char *perm;    /* permission name; PERM_PUBLIC for everyone */
	handler_fn fn;
	int rate_per_minute;     /* per client address; 0 = none */
	bool cacheable;          /* public GET whose answer may be reused for cache.ttl seconds */
	const char *scope_param; /* path or query parameter naming the scope it acts on, or NULL */
	bool no_session;    /* public route whose handler uses no principal: no session lookup */
	size_t literal_len; /* bytes of pattern before its first parameter (router_add sets it) */
	/* metrics */
	_Atomic uint64_t by_status[ROUTE_STATUS_SLOTS];
	_Atomic uint64_t latency[LATENCY_BUCKETS + 1]; /* cumulative at export */
	_Atomic uint64_t latency_sum_us;
};

struct router {
	struct route **routes;
	size_t n, cap;
	const struct config *cfg; /* for modules' mount functions (rate limits, sizes) */
};

/* Registers a route; returns it so the caller can set rate_per_minute. Aborts on a NULL or
 * empty permission: every route must declare one. */
struct route *router_add(struct router *r, const char *method, const char *pattern,
                         const char *perm, handler_fn fn);

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };
/* Finds the route for method + path; fills params; on ROUTE_BAD_METHOD, allow lists the
 * methods the path has ("GET, POST"). */
enum route_match router_match(const struct router *r, struct arena *a, const char *method,
                              const char *path, const struct route **out, struct kvlist *params,
                              char *allow, size_t allowlen);
void router_free(struct router *r);

struct req {
	struct arena *arena;
	struct app *app;
	void *conn; /* struct MHD_Connection */
	const char *method;
	const char *path; /* percent-decoded, valid UTF-8 */
	const char *raw_query;
	struct kvlist query, form, cookies, params;
	struct uploads files;
	const char *body;
	size_t body_len;
	json_t *json;     /* parsed JSON body, or NULL; freed by the server */
	const char *lang; /* "zh" or "mn" */
	bool lang_chosen; /* by ?lang= or the lang cookie (else a user's preference may apply) */
	bool is_api;      /* path under /api/ : errors answer JSON */
	const struct route *route;
	void *principal; /* who is asking (struct principal, auth module), NULL for visitors */
	char client_ip[48];
	/* what the audit log records for this request's write (set by the handler; defaults:
	 * action "<METHOD> <route pattern>", no object) */
	struct {
		const char *action;       /* e.g. "feedback.create" */
		const char *object_type;  /* e.g. "feedback" */
		const int64_t *object_id; /* read after the write (ids are known only then) */
		const char *object_key;   /* or a textual id */
		const char *scope;        /* region code the object belongs to, for filtering */
		const char *summary;      /* what changed; never secrets or personal data */
		/* who acts, when not the signed-in principal: a sign-in is done by the user
		 * signing in (actor_id read after the write: a new account's id is known then) */
		const char *actor;
		const int64_t *actor_id;
	} audit;
	/* write hand-off (req_write) */
	handler_fn then;
	store_write_fn write_fn;
	void *write_ctx;
	int write_result;
};

struct resp_header {
	const char *name, *value;
};

struct resp {
	int status;
	struct strbuf body;
	const char *static_body; /* long-lived bytes sent as is (static files), or NULL */
	size_t static_len;
	const char *content_type;
	struct resp_header headers[16];
	int nheaders;
};

/* ---- request accessors ---- */
const char *req_header(struct req *rq, const char *name);
const char *req_query(struct req *rq, const char *name);
const char *req_param(struct req *rq, const char *name);
const char *req_form(struct req *rq, const char *name);
/* Queues a write closure through the store's writer; the server suspends the request and,
 * once the commit holding it is durable, calls then(rq, rs) with rq->write_result set.
 * The handler returns OK right after calling this. */
int req_write(struct req *rq, store_write_fn fn, void *ctx, handler_fn then);

/* ---- responses ---- */
/* Sets a header, replacing one of the same name (Set-Cookie is always added). */
void resp_header(struct resp *rs, const char *name, const char *value);
/* JSON body (takes the reference of j). */
int reply_json(struct resp *rs, int status, json_t *j);
int reply_redirect(struct resp *rs, int status, const char *location);
/* Error in the caller's language: JSON envelope under /api/, an HTML page elsewhere.
 * code is snake_case; message_key a catalog key; field may be NULL. */
int reply_error(struct req *rq, struct resp *rs, int status, const char *code, const char *field,
                const char *message_key);
/* Like reply_error with a detail appended to the translated message (e.g. JSON position). */
int reply_error_detail(struct req *rq, struct resp *rs, int status, const char *code,
                       const char *field, const char *message_key, const char *detail);
/* Sets ETag and answers 304 when If-None-Match matches; returns true when it did. */
bool resp_etag_matches(struct req *rq, struct resp *rs, const char *etag);

/* Renders an error page (HTML); set by the application (the html module provides it). */
typedef void (*error_page_fn)(struct req *rq, struct resp *rs, const char *message);
/* Decides whether rq may use its route; returns OK to allow. One function for all routes. */
typedef int (*access_check_fn)(struct req *rq, const struct route *route);
/* Finds who is asking (session, token) and checks CSRF on unsafe methods; returns OK, or
 * ERR after filling the reply. */
typedef int (*authenticate_fn)(struct req *rq, struct resp *rs);

struct static_files;
struct ratelimit;
struct resp_cache;

/* The running application: configuration, storage and the caches shared by threads. */
struct app {
	const struct config *cfg;
	struct store *store;
	struct router router;
	struct static_files *statics;
	struct ratelimit *limits;
	struct resp_cache *cache;
	error_page_fn error_page;
	access_check_fn access_check;
	authenticate_fn authenticate;
	/* Appends the audit entry of rq's write inside the writer's transaction, right after the
	 * write itself succeeded; ERR rolls the write back. Set by the application. */
	int (*audit_append)(sqlite3 *db, struct req *rq);
	/* Writes the signed-in user's part of the page header (name, sign out), or a sign-in
	 * link; set by the application (the auth module provides it). */
	void (*user_nav)(struct req *rq, struct resp *rs, struct strbuf *out);
	void *daemon; /* struct MHD_Daemon */
	_Atomic uint64_t unmatched_by_status[ROUTE_STATUS_SLOTS];
	_Atomic int64_t in_flight;
	/* Set by server_stop: requests arriving while in-flight ones finish get 503. */
	_Atomic bool stopping;
};

/* The status codes counted per route (slot i); the last slot counts any other. */
extern const int route_status_codes[ROUTE_STATUS_SLOTS];
int route_status_slot(int status);
extern const double latency_bounds_s[LATENCY_BUCKETS];

#endif
