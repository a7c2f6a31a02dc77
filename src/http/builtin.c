/* builtin.c: the routes every installation has — /healthz, /metrics, /static/{path} — and
 * the access check used when the application installs none (public routes only). */
#include "http/server.h"
#include "base/common.h"

#include <string.h>

int static_get(struct req *rq, struct resp *rs);

/* GET /healthz: 200 when the database answers a query, 503 otherwise. */
static int healthz_get(struct req *rq, struct resp *rs)
{
	sqlite3_stmt *st = store_stmt(rq->app->store, "SELECT 1");
	bool ok = st && sqlite3_step(st) == SQLITE_ROW;
	if (st)
		sqlite3_reset(st);
	return reply_json(rs, ok ? 200 : 503,
	                  json_pack("{s:s}", "status", ok ? "ok" : "database_unavailable"));
}

/* GET /metrics: Prometheus text format. */
static int metrics_get(struct req *rq, struct resp *rs)
{
	rs->status = 200;
	rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_render(rq->app, &rs->body);
	return OK;
}

void http_mount_builtin(struct router *r)
{
	router_add(r, "GET", "/healthz", PERM_PUBLIC, healthz_get);
	router_add(r, "GET", "/metrics", "ops.metrics", metrics_get);
	router_add(r, "GET", "/static/*path", PERM_PUBLIC, static_get);
}

int access_check_default(struct req *rq, const struct route *route)
{
	return strcmp(route->perm, PERM_PUBLIC) == 0 ? OK : ERR;
}
