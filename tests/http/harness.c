/* harness.c: see harness.h. */
#include "harness.h"

#include <sys/prctl.h>
#include "app/app.h"
#include "auth/auth.h"
#include "base/clock.h"

#include <jansson.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tala_bin;

/* In a child about to exec tala: it is killed when the test process ends, so a test that
 * fails half-way never leaves a server behind (which would also keep ctest waiting on the
 * output pipe the server inherited). */
static void die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int harness_run(char *stderr_out, size_t cap, const char *arg, ...)
{
	const char *argv[32] = {tala_bin, arg};
	int n = 2;
	va_list ap;
	va_start(ap, arg);
	const char *a;
	while (n < 31 && (a = va_arg(ap, const char *)))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	int errpipe[2];
	if (pipe(errpipe) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		die_with_parent();
		dup2(errpipe[1], 2);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		close(errpipe[0]);
		execv(tala_bin, (char *const *)argv);
		_exit(127);
	}
	close(errpipe[1]);
	size_t got = 0;
	char buf[4096];
	ssize_t r;
	while ((r = read(errpipe[0], buf, sizeof buf)) > 0) {
		if (stderr_out && got + 1 < cap) {
			size_t take = (size_t)r < cap - 1 - got ? (size_t)r : cap - 1 - got;
			memcpy(stderr_out + got, buf, take);
			got += take;
		}
		fwrite(buf, 1, (size_t)r, stderr); /* keep sanitizer reports visible */
	}
	if (stderr_out && cap)
		stderr_out[got] = '\0';
	close(errpipe[0]);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

const char *harness_data_dir(void)
{
	static char dir[256];
	snprintf(dir, sizeof dir, "/tmp/tala-test-XXXXXX");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	assert_int_equal(harness_run(NULL, 0, "init", "--data", dir, NULL), 0);
	return dir;
}

void server_start(struct server *s, const char *data_dir, ...)
{
	const char *argv[40] = {tala_bin, "serve", "--data", data_dir, "--port", "0"};
	int n = 6;
	va_list ap;
	va_start(ap, data_dir);
	const char *a;
	while (n < 37 && (a = va_arg(ap, const char *))) {
		argv[n++] = "--set";
		argv[n++] = a;
	}
	va_end(ap);
	argv[n] = NULL;
	snprintf(s->data_dir, sizeof s->data_dir, "%s", data_dir);
	int out[2];
	if (pipe(out) != 0)
		fail_msg("pipe");
	s->pid = fork();
	if (s->pid == 0) {
		die_with_parent();
		dup2(out[1], 1);
		close(out[0]);
		execv(tala_bin, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	char line[256];
	size_t got = 0;
	s->port = 0;
	while (got + 1 < sizeof line) {
		ssize_t r = read(out[0], line + got, 1);
		if (r <= 0)
			break;
		got++;
		if (line[got - 1] == '\n') {
			line[got] = '\0';
			char *p = strstr(line, "127.0.0.1:");
			if (p) {
				s->port = atoi(p + 10);
				break;
			}
			got = 0;
		}
	}
	close(out[0]);
	if (s->port <= 0)
		fail_msg("tala serve did not start");
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
}

int server_stop(struct server *s, int sig)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, sig);
	int status;
	if (waitpid(s->pid, &status, 0) < 0)
		return -1;
	s->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct buf {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	char *p = realloc(b->data, b->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, ptr, n);
	b->data = p;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

struct http_resp http_do(const char *method, const char *url, const char *const *headers,
                         const char *body, size_t len)
{
	struct http_resp r = {0};
	struct buf b = {calloc(1, 1), 0}, h = {calloc(1, 1), 0};
	CURL *c = curl_easy_init();
	assert_non_null(c);
	struct curl_slist *hl = NULL;
	for (const char *const *p = headers; p && *p; p++)
		hl = curl_slist_append(hl, *p);
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	}
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	r.body = b.data;
	r.len = b.len;
	r.headers = h.data;
	return r;
}

struct http_resp http_get(struct server *s, const char *path)
{
	char url[2048];
	snprintf(url, sizeof url, "%s%s", s->base, path);
	return http_do("GET", url, NULL, NULL, 0);
}

struct http_resp http_post_json(struct server *s, const char *path, const char *json)
{
	char url[2048];
	snprintf(url, sizeof url, "%s%s", s->base, path);
	static const char *const h[] = {"Content-Type: application/json", NULL};
	return http_do("POST", url, h, json, strlen(json));
}

int http_raw_status(struct server *s, const char *bytes, size_t len, char *reply, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)s->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	size_t sent = 0;
	while (sent < len) {
		ssize_t w = send(fd, bytes + sent, len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		sent += (size_t)w;
	}
	size_t got = 0;
	ssize_t r;
	char tmp[4096];
	while ((r = recv(fd, tmp, sizeof tmp, 0)) > 0) {
		if (reply && got + 1 < cap) {
			size_t take = (size_t)r < cap - 1 - got ? (size_t)r : cap - 1 - got;
			memcpy(reply + got, tmp, take);
			got += take;
		}
		if (!reply || got + 1 >= cap)
			break;
		if (memmem(reply, got, "\r\n\r\n", 4) &&
		    strstr(reply, "Connection: close") == NULL) {
			/* enough to read the status when the server keeps the connection open */
			const char *cl = strcasestr(reply, "Content-Length:");
			const char *end = memmem(reply, got, "\r\n\r\n", 4);
			if (cl && end && got >= (size_t)(end + 4 - reply) + (size_t)atoi(cl + 15))
				break;
		}
	}
	if (reply && cap)
		reply[got] = '\0';
	close(fd);
	int status = 0;
	if (reply && sscanf(reply, "HTTP/1.%*d %d", &status) != 1)
		status = 0;
	return status;
}

void http_resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->headers);
	r->body = r->headers = NULL;
}

const char *http_header(const struct http_resp *r, const char *name)
{
	static char value[512];
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			size_t vlen = len - (size_t)(v - p);
			if (vlen >= sizeof value)
				vlen = sizeof value - 1;
			memcpy(value, v, vlen);
			value[vlen] = '\0';
			return value;
		}
		p = eol ? eol + 2 : p + len;
	}
	return NULL;
}

void server_start_logged(struct server *s, const char *data_dir, const char *log_path, ...)
{
	const char *a[16] = {0};
	va_list ap;
	va_start(ap, log_path);
	for (size_t n = 0; n < 15 && (a[n] = va_arg(ap, const char *)); n++)
		;
	va_end(ap);
	int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (log < 0)
		fail_msg("%s: %s", log_path, strerror(errno));
	/* the child inherits fd 2: point it at the log for the fork, then put ours back */
	fflush(stderr);
	int saved = dup(2);
	dup2(log, 2);
	close(log);
	server_start(s, data_dir, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10],
	             a[11], a[12], a[13], a[14], NULL);
	dup2(saved, 2);
	close(saved);
}

int64_t harness_user_add(const char *data_dir, const char *login, const char *password,
                         const char *phone, const char *role, const char *scope)
{
	struct config cfg;
	char err[256] = "", hash[160];
	config_defaults(&cfg);
	snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", data_dir);
	cfg.argon2_m_kib = 64;
	cfg.argon2_t = 1;
	struct store *st = app_store_open(&cfg, false, false, err, sizeof err);
	if (!st || auth_keys_load(data_dir, err, sizeof err) != 0)
		fail_msg("harness_user_add: %s", err);
	assert_int_equal(auth_password_hash(&cfg, password, hash, sizeof hash), 0);
	struct arena a;
	arena_init(&a, 256);
	const char *normalized = phone ? auth_phone_normalize(&a, phone) : NULL;
	if (phone && !normalized)
		fail_msg("harness_user_add: bad phone %s", phone);
	struct user_new u = {.login = login,
	                     .password_hash = hash,
	                     .name_zh = login,
	                     .phone = normalized,
	                     .now_ms = clock_wall_ms()};
	if (store_write(st, auth_user_insert, &u) != 0)
		fail_msg("harness_user_add %s: %s", login, u.error);
	if (role) {
		struct grant_change g = {
		    .user_id = u.id, .role = role, .scope = scope, .now_ms = u.now_ms};
		assert_int_equal(store_write(st, auth_grant_apply, &g), 0);
	}
	store_close(st);
	arena_free(&a);
	return u.id;
}

long harness_sign_in(struct server *s, const char *login, const char *password, struct creds *c)
{
	json_t *req = json_pack("{s:s, s:s}", "login", login, "password", password);
	char *body = json_dumps(req, 0);
	json_decref(req);
	struct http_resp r = http_post_json(s, "/api/v1/sessions", body);
	free(body);
	long status = r.status;
	memset(c, 0, sizeof *c);
	const char *cookie = http_header(&r, "Set-Cookie");
	json_t *j = json_loads(r.body, 0, NULL);
	if (status == 201) {
		assert_non_null(cookie);
		assert_non_null(j);
		assert_int_equal(strncmp(cookie, "tala_session=", 13), 0);
		snprintf(c->session, sizeof c->session, "%.*s", (int)strcspn(cookie + 13, ";"),
		         cookie + 13);
		snprintf(c->csrf, sizeof c->csrf, "%s",
		         json_string_value(json_object_get(j, "csrf")));
	}
	json_decref(j);
	http_resp_free(&r);
	return status;
}

struct http_resp http_as(struct server *s, const struct creds *c, const char *method,
                         const char *path, const char *content_type, const char *body)
{
	char url[2048], cookie[160], csrf[160], bearer[160], ctype[128];
	const char *h[6];
	size_t n = 0;
	snprintf(url, sizeof url, "%s%s", s->base, path);
	if (c && *c->session) {
		snprintf(cookie, sizeof cookie, "Cookie: tala_session=%s", c->session);
		h[n++] = cookie;
	}
	if (c && *c->csrf) {
		snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
		h[n++] = csrf;
	}
	if (c && *c->bearer) {
		snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", c->bearer);
		h[n++] = bearer;
	}
	if (body) {
		snprintf(ctype, sizeof ctype, "Content-Type: %s", content_type);
		h[n++] = ctype;
	}
	h[n] = NULL;
	return http_do(method, url, h, body, body ? strlen(body) : 0);
}

long http_status_as(struct server *s, const struct creds *c, const char *method, const char *path,
                    const char *content_type, const char *body)
{
	struct http_resp r = http_as(s, c, method, path, content_type, body);
	long status = r.status;
	http_resp_free(&r);
	return status;
}

int64_t harness_db_int(const char *data_dir, const char *sql)
{
	char path[320];
	snprintf(path, sizeof path, "%s/tala.db", data_dir);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("open %s: %s", path, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Reads what the file f holds (from its start) into out, at most cap - 1 bytes and
 * NUL-terminated; echoes it to stderr when echo (sanitizer reports stay visible). */
static void read_back(FILE *f, char *out, size_t cap, bool echo)
{
	char buf[4096];
	size_t got = 0, r;
	rewind(f);
	while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
		if (out && got + 1 < cap) {
			size_t take = r < cap - 1 - got ? r : cap - 1 - got;
			memcpy(out + got, buf, take);
			got += take;
		}
		if (echo)
			fwrite(buf, 1, r, stderr);
	}
	if (out && cap)
		out[got] = '\0';
}

int harness_run_input(const char *input, char *out, size_t outcap, char *err, size_t errcap,
                      const char *arg, ...)
{
	const char *argv[32] = {tala_bin};
	va_list ap;
	va_start(ap, arg);
	int n = 1;
	for (const char *a = arg; a && n < 31; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	/* files, not pipes: nothing can fill up while the child runs */
	FILE *in = tmpfile(), *o = tmpfile(), *e = tmpfile();
	if (!in || !o || !e)
		fail_msg("tmpfile: %s", strerror(errno));
	if (input)
		fputs(input, in);
	fflush(in);
	rewind(in);
	pid_t pid = fork();
	if (pid == 0) {
		die_with_parent();
		dup2(fileno(in), 0);
		dup2(fileno(o), 1);
		dup2(fileno(e), 2);
		execv(tala_bin, (char *const *)argv);
		_exit(127);
	}
	int status = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	else
		status = -1;
	read_back(o, out, outcap, false);
	read_back(e, err, errcap, true);
	fclose(in);
	fclose(o);
	fclose(e);
	return status;
}
