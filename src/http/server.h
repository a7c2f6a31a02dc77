/* server.h: starting and stopping the HTTP server (libmicrohttpd, epoll, internal thread
 * pool, suspend/resume for writes), and the built-in routes every installation has. */
#ifndef TALA_HTTP_SERVER_H
#define TALA_HTTP_SERVER_H

#include "http/http.h"

/* Starts serving app->router on cfg bind:port. Returns OK, or ERR with a reason. */
int server_start(struct app *app, char *err, size_t errlen);
/* Returns the bound TCP port (useful with port 0). */
int server_port(struct app *app);
/* Stops accepting, waits (up to timeout_ms) for in-flight requests, then stops. */
void server_stop(struct app *app, int timeout_ms);

/* Registers /healthz, /metrics and /static/ (any path below). */
void http_mount_builtin(struct router *r);
/* The access check when the application installs none: public routes only (fails
 * closed). Tala installs auth_access_check. */
int access_check_default(struct req *rq, const struct route *route);

/* static.c */
struct static_files *static_load(const char *web_dir, const char *font_dir, char *err,
                                 size_t errlen);
void static_free(struct static_files *sf);
/* Returns "/static/<path>?v=<etag>" for a cacheable link, or "/static/<path>". */
const char *static_url(struct req *rq, const char *path);

/* metrics.c */
void metrics_render(struct app *app, struct strbuf *out);
void metrics_record(struct app *app, const struct route *route, int status, int64_t dur_ns);

/* ratelimit.c */
struct ratelimit *ratelimit_new(void);
void ratelimit_free(struct ratelimit *rl);
/* Takes one token for (key, client); returns the seconds to wait (0 = allowed). */
int ratelimit_take(struct ratelimit *rl, const void *key, const char *client, int per_minute);

#endif
