/* harness.h: end-to-end test support — make a data directory with `tala init`, start
 * `tala serve` on a free port as a child process, send HTTP requests (libcurl, or raw bytes
 * over a socket for requests libcurl will not send), stop the server with a signal. */
#ifndef TALA_TEST_HARNESS_H
#define TALA_TEST_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/types.h>

struct server {
	pid_t pid;
	int port;
	char data_dir[256];
	char base[64]; /* "http://127.0.0.1:PORT" */
};

struct http_resp {
	long status;
	char *body; /* NUL-terminated, malloc'd */
	size_t len;
	char *headers; /* raw header block, malloc'd */
};

/* Path of the tala binary under test (argv[1] of the test program). */
extern const char *tala_bin;

/* Creates a fresh data directory initialised by `tala init`; returns its path (static). */
const char *harness_data_dir(void);
/* Runs `tala ARGS...` to completion; returns its exit status (or -1). stderr_out (may be
 * NULL) receives up to cap bytes of its stderr. */
int harness_run(char *stderr_out, size_t cap, const char *arg, ...);
/* Like harness_run, with input (may be NULL: empty) on its standard input; out and err (may
 * be NULL) receive up to their cap bytes of its standard output and standard error. */
int harness_run_input(const char *input, char *out, size_t outcap, char *err, size_t errcap,
                      const char *arg, ...);
/* Starts `tala serve --data dir --port 0 [extra --set KEY=VALUE...]` (NULL-terminated). */
void server_start(struct server *s, const char *data_dir, ...);
/* Sends sig and waits; returns the exit status (or 128+signal). */
int server_stop(struct server *s, int sig);

/* Like server_start, with the server's stderr (access log, errors) written to log_path. */
void server_start_logged(struct server *s, const char *data_dir, const char *log_path, ...);
/* Creates a user in data_dir's database through the auth module's C API (argon2 at test
 * cost); role/scope (may be NULL) add one grant, phone (may be NULL) is stored sealed.
 * Returns the user's id. */
int64_t harness_user_add(const char *data_dir, const char *login, const char *password,
                         const char *phone, const char *role, const char *scope);

/* What a signed-in client presents: the session cookie's value and the session's CSRF token,
 * or a bearer token; empty strings are not sent. */
struct creds {
	char session[96];
	char csrf[96];
	char bearer[96];
};
/* Signs in through POST /api/v1/sessions; fills c on success. Returns the HTTP status. */
long harness_sign_in(struct server *s, const char *login, const char *password, struct creds *c);
/* A request carrying c (Cookie, X-CSRF-Token, Authorization); body (may be NULL) is sent with
 * content_type. */
struct http_resp http_as(struct server *s, const struct creds *c, const char *method,
                         const char *path, const char *content_type, const char *body);
/* http_as's status (the response is dropped). */
long http_status_as(struct server *s, const struct creds *c, const char *method, const char *path,
                    const char *content_type, const char *body);
/* The integer in the first column of sql's first row in data_dir's database (read-only, a
 * connection of its own); -1 when there is no row. */
int64_t harness_db_int(const char *data_dir, const char *sql);

/* Performs a request; headers is a NULL-terminated list of "Name: value" (may be NULL). */
struct http_resp http_do(const char *method, const char *url, const char *const *headers,
                         const char *body, size_t len);
struct http_resp http_get(struct server *s, const char *path);
struct http_resp http_post_json(struct server *s, const char *path, const char *json);
/* Sends raw bytes to the server and returns the status of the reply (0 if none). */
int http_raw_status(struct server *s, const char *bytes, size_t len, char *reply, size_t cap);
void http_resp_free(struct http_resp *r);
/* Returns the value of header name in r (static buffer), or NULL. */
const char *http_header(const struct http_resp *r, const char *name);

#endif
