/* test_media.c: media uploads end to end against a real `tala serve`: the type comes from
 * the bytes (not the client's Content-Type or file name), the same bytes are one media id,
 * the file is served with its sniffed type, an ETag and immutable caching; bad input
 * (wrong type, oversized, empty, truncated multipart, no permission) is refused with the
 * field and a message in the caller's language, and leaves no row and no file. */
#include "harness.h"

#include <dirent.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PASSWORD "Steppe-Wind-2024"
#define BOUNDARY "tala-media-test-7f3a"

static struct server srv;
static const char *dir;
static struct creds ed, pub, ed15, rev;

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
                                    'I',  'H', 'D', 'R', 0,    0,    0,    1,    0, 0, 0, 1};

static int setup(void **state)
{
	dir = harness_data_dir();
	harness_user_add(dir, "ed", PASSWORD, NULL, "editor", "1525");
	harness_user_add(dir, "pub", PASSWORD, NULL, "citizen", "15");
	harness_user_add(dir, "ed15", PASSWORD, NULL, "editor", "15");
	harness_user_add(dir, "rev", PASSWORD, NULL, "reviewer", "15");
	server_start(&srv, dir, "auth.argon2_m_kib=64", "auth.argon2_t=1",
	             "media.max_image_bytes=4096", "server.max_body_bytes=65536", NULL);
	assert_int_equal(harness_sign_in(&srv, "ed", PASSWORD, &ed), 201);
	assert_int_equal(harness_sign_in(&srv, "pub", PASSWORD, &pub), 201);
	assert_int_equal(harness_sign_in(&srv, "ed15", PASSWORD, &ed15), 201);
	assert_int_equal(harness_sign_in(&srv, "rev", PASSWORD, &rev), 201);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(server_stop(&srv, SIGTERM), 0);
	return 0;
}

/* A multipart body with one part (field, file name, claimed type, bytes); cut short by
 * `cut` bytes at the end when cut > 0. */
static char *multipart(const char *field, const char *filename, const char *ctype, const void *data,
                       size_t n, size_t cut, size_t *len)
{
	char head[512];
	int h = snprintf(head, sizeof head,
	                 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; "
	                 "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
	                 field, filename, ctype);
	const char *tail = "\r\n--" BOUNDARY "--\r\n";
	size_t total = (size_t)h + n + strlen(tail);
	char *body = malloc(total);
	memcpy(body, head, (size_t)h);
	memcpy(body + h, data, n);
	memcpy(body + h + n, tail, strlen(tail));
	*len = total - cut;
	return body;
}

/* Posts a one-part multipart body to path as c (NULL: a visitor). */
static struct http_resp post_multipart(const struct creds *c, const char *path, const char *field,
                                       const char *filename, const char *ctype, const void *data,
                                       size_t n, size_t cut)
{
	size_t len;
	char *body = multipart(field, filename, ctype, data, n, cut, &len);
	char url[256], cookie[160], csrf[160];
	snprintf(url, sizeof url, "%s%s", srv.base, path);
	const char *h[5];
	size_t k = 0;
	if (c) {
		snprintf(cookie, sizeof cookie, "Cookie: tala_session=%s", c->session);
		snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
		h[k++] = cookie;
		h[k++] = csrf;
	}
	h[k++] = "Content-Type: multipart/form-data; boundary=" BOUNDARY;
	h[k] = NULL;
	struct http_resp r = http_do("POST", url, h, body, len);
	free(body);
	return r;
}

static struct http_resp post_media(const struct creds *c, const char *query, const char *field,
                                   const char *filename, const char *ctype, const void *data,
                                   size_t n, size_t cut)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/media%s", query);
	return post_multipart(c, path, field, filename, ctype, data, n, cut);
}

static json_t *body_json(const struct http_resp *r)
{
	json_error_t e;
	json_t *j = json_loads(r->body, 0, &e);
	if (!j)
		fail_msg("not JSON (%s): %s", e.text, r->body);
	return j;
}

/* Regular files below <dir>/media (temporary ones included). */
static int count_files(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		struct stat st;
		if (stat(sub, &st) != 0)
			continue;
		n += S_ISDIR(st.st_mode) ? count_files(sub) : 1;
	}
	closedir(d);
	return n;
}

static int media_files(void)
{
	char path[320];
	snprintf(path, sizeof path, "%s/media", dir);
	return count_files(path);
}

static int64_t media_rows(void)
{
	return harness_db_int(dir, "SELECT count(*) FROM media");
}

/* Asserts an error answer: status, code, field "file", and the message's language. */
static void assert_refused(struct http_resp *r, long status, const char *code, const char *want)
{
	if (r->status != status)
		fail_msg("status %ld, want %ld: %s", r->status, status, r->body);
	json_t *j = body_json(r);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), code);
	assert_string_equal(json_string_value(json_object_get(err, "field")), "file");
	const char *msg = json_string_value(json_object_get(err, "message"));
	if (!strstr(msg, want))
		fail_msg("message '%s' lacks '%s'", msg, want);
	json_decref(j);
	http_resp_free(r);
}

static void test_upload_sniffed_and_content_addressed(void **state)
{
	/* the client calls it HTML: the bytes say PNG */
	struct http_resp r =
	    post_media(&ed, "", "file", "page.html", "text/html", png, sizeof png, 0);
	assert_int_equal(r.status, 201);
	json_t *j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "image");
	assert_string_equal(json_string_value(json_object_get(j, "mime")), "image/png");
	assert_string_equal(json_string_value(json_object_get(j, "scope")), "1525");
	assert_string_equal(json_string_value(json_object_get(j, "filename")), "page.html");
	assert_int_equal(json_integer_value(json_object_get(j, "bytes")), sizeof png);
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	char sha[65];
	snprintf(sha, sizeof sha, "%s", json_string_value(json_object_get(j, "sha256")));
	json_decref(j);
	http_resp_free(&r);

	/* on disk under its hash */
	char path[512];
	snprintf(path, sizeof path, "%s/media/%.2s/%s", dir, sha, sha);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof png);

	/* the same bytes again, under another name: the same media */
	r = post_media(&ed, "", "file", "again.png", "image/png", png, sizeof png, 0);
	assert_int_equal(r.status, 200);
	j = body_json(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(media_rows(), 1);
	assert_int_equal(media_files(), 1);

	/* served with the sniffed type, the hash as ETag, cached for good */
	char url[128];
	snprintf(url, sizeof url, "/media/%s", sha);
	r = http_get(&srv, url);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Content-Type"), "image/png");
	assert_string_equal(http_header(&r, "X-Content-Type-Options"), "nosniff");
	assert_non_null(strstr(http_header(&r, "Cache-Control"), "immutable"));
	assert_null(http_header(&r, "Content-Disposition"));
	char etag[80];
	snprintf(etag, sizeof etag, "\"%s\"", sha);
	assert_string_equal(http_header(&r, "ETag"), etag);
	assert_int_equal(r.len, sizeof png);
	assert_memory_equal(r.body, png, sizeof png);
	http_resp_free(&r);

	char inm[120], full[256];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	snprintf(full, sizeof full, "%s%s", srv.base, url);
	const char *h[] = {inm, NULL};
	r = http_do("GET", full, h, NULL, 0);
	assert_int_equal(r.status, 304);
	http_resp_free(&r);

	/* the upload is audited */
	assert_true(harness_db_int(dir, "SELECT count(*) FROM audit_log WHERE action ="
	                                " 'media.upload'") >= 1);
}

static void test_document_is_an_attachment(void **state)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
	struct http_resp r =
	    post_media(&ed, "?scope=1525", "file", "报告.pdf", "image/png", pdf, strlen(pdf), 0);
	assert_int_equal(r.status, 201);
	json_t *j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "document");
	assert_string_equal(json_string_value(json_object_get(j, "filename")), "报告.pdf");
	char url[128];
	snprintf(url, sizeof url, "%s", json_string_value(json_object_get(j, "url")));
	json_decref(j);
	http_resp_free(&r);
	r = http_get(&srv, url);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "Content-Type"), "application/pdf");
	assert_string_equal(http_header(&r, "Content-Disposition"), "attachment");
	http_resp_free(&r);
}

static void test_list_within_scope(void **state)
{
	struct http_resp r = http_as(&srv, &ed, "GET", "/api/v1/media", NULL, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = body_json(&r);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 1);
	assert_true(json_array_size(json_object_get(j, "items")) >= 1);
	assert_true(json_is_null(json_object_get(j, "next")));
	json_decref(j);
	http_resp_free(&r);
	/* paging: one item per page gives a cursor */
	r = http_as(&srv, &ed, "GET", "/api/v1/media?limit=1", NULL, NULL);
	j = body_json(&r);
	assert_true(json_is_string(json_object_get(j, "next")));
	json_decref(j);
	http_resp_free(&r);
	/* another region is outside the editor's grant */
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/api/v1/media?scope=1501", NULL, NULL),
	                 403);
	assert_int_equal(http_status_as(&srv, &ed, "GET", "/api/v1/media?limit=0", NULL, NULL),
	                 400);
}

static void test_bad_uploads_store_nothing(void **state)
{
	int64_t rows = media_rows();
	int files = media_files();
	static const char html[] = "<html><script>alert(1)</script></html>";

	/* wrong type, whatever the name and claimed type: 415 naming the field */
	struct http_resp r =
	    post_media(&ed, "", "file", "photo.png", "image/png", html, strlen(html), 0);
	assert_refused(&r, 415, "unsupported_media_type", "file");
	r = post_media(&ed, "?lang=mn", "file", "photo.png", "image/png", html, strlen(html), 0);
	assert_refused(&r, 415, "unsupported_media_type", "ᠹᠠᠢᠯ");
	r = post_media(&ed, "?lang=zh", "file", "photo.png", "image/png", html, strlen(html), 0);
	assert_refused(&r, 415, "unsupported_media_type", "文件类型不受支持");

	/* larger than media.max_image_bytes (4096): 413 naming the field */
	static unsigned char big[6000];
	memcpy(big, png, sizeof png);
	r = post_media(&ed, "", "file", "big.png", "image/png", big, sizeof big, 0);
	assert_refused(&r, 413, "file_too_large", "4096");

	/* larger than server.max_body_bytes: refused before the handler */
	static unsigned char huge[70000];
	memcpy(huge, png, sizeof png);
	r = post_media(&ed, "", "file", "huge.png", "image/png", huge, sizeof huge, 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);

	/* empty file */
	r = post_media(&ed, "", "file", "empty.png", "image/png", "", 0, 0);
	assert_refused(&r, 400, "empty_file", "file");

	/* no part named "file" */
	r = post_media(&ed, "", "upload", "x.png", "image/png", png, sizeof png, 0);
	assert_refused(&r, 400, "required", "file");

	/* truncated multipart: the closing boundary is cut off */
	static unsigned char gif[64] = "GIF89a";
	r = post_media(&ed, "", "file", "x.gif", "image/gif", gif, sizeof gif, 12);
	assert_int_equal(r.status, 400);
	http_resp_free(&r);

	/* no permission (a citizen), and no session at all */
	r = post_media(&pub, "", "file", "x.gif", "image/gif", gif, sizeof gif, 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	r = post_media(NULL, "", "file", "x.gif", "image/gif", gif, sizeof gif, 0);
	assert_true(r.status == 401 || r.status == 403);
	http_resp_free(&r);

	/* a scope outside the editor's grant */
	r = post_media(&ed, "?scope=1501", "file", "x.gif", "image/gif", gif, sizeof gif, 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);

	assert_int_equal(media_rows(), rows);
	assert_int_equal(media_files(), files);
}

static void test_unknown_media(void **state)
{
	struct http_resp r = http_get(
	    &srv, "/media/0000000000000000000000000000000000000000000000000000000000000000");
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	r = http_get(&srv, "/media/..%2F..%2Ftala.db");
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	r = http_get(&srv, "/media/ABC");
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
}

/* ---- attachments ---- */

static const unsigned char mp3[] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x44};

static long new_article(void)
{
	struct http_resp r =
	    http_as(&srv, &ed15, "POST", "/api/v1/articles", "application/json",
	            "{\"site\":\"nmg\",\"column\":\"health\",\"zh\":{\"title\":\"附件\","
	            "\"body\":\"<p>正文</p>\"}}");
	assert_int_equal(r.status, 201);
	json_t *j = body_json(&r);
	long id = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(&r);
	return id;
}

static long get_status(const char *path)
{
	struct http_resp r = http_get(&srv, path);
	long status = r.status;
	http_resp_free(&r);
	return status;
}

static int64_t attachments_of(long id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM article_media WHERE article_id = %ld", id);
	return harness_db_int(dir, sql);
}

static void move(long id, const struct creds *c, const char *to)
{
	char path[64], body[64];
	snprintf(path, sizeof path, "/api/v1/articles/%ld/transition", id);
	snprintf(body, sizeof body, "{\"to\":\"%s\"}", to);
	assert_int_equal(http_status_as(&srv, c, "POST", path, "application/json", body), 200);
}

/* Uploads attach an image and a sound to an article in one write each; the portal page
 * shows the image and an audio player; a cover shows in the WeChat export and the feeds. */
static void test_attachments(void **state)
{
	long id = new_article();
	char path[96];
	snprintf(path, sizeof path, "/api/v1/articles/%ld/attachments", id);
	int64_t rows = media_rows();
	struct http_resp r = post_multipart(&ed15, path, "file", "草原.png", "application/x-foo",
	                                    png, sizeof png, 0);
	if (r.status != 201)
		fail_msg("attach png: %ld %s", r.status, r.body);
	json_t *j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "image");
	long png_id = (long)json_integer_value(json_object_get(j, "id"));
	char png_sha[80];
	snprintf(png_sha, sizeof png_sha, "%s", json_string_value(json_object_get(j, "sha256")));
	json_decref(j);
	http_resp_free(&r);
	r = post_multipart(&ed15, path, "file", "song.mp3", "audio/mpeg", mp3, sizeof mp3, 0);
	assert_int_equal(r.status, 201);
	http_resp_free(&r);
	assert_int_equal(attachments_of(id), 2);
	assert_true(media_rows() >= rows + 1); /* the PNG may be known from an earlier test */
	assert_int_equal(harness_db_int(dir, "SELECT count(*) FROM audit_log"
	                                     " WHERE action = 'article.attach'"),
	                 2);
	/* the list, in order */
	r = http_as(&srv, &ed15, "GET", path, NULL, NULL);
	assert_int_equal(r.status, 200);
	j = body_json(&r);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "kind")),
	                    "image");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "kind")),
	                    "audio");
	json_decref(j);
	http_resp_free(&r);
	/* a draft's attachments are not public */
	assert_int_equal(get_status(path), 404);
	/* the same file twice: 409, nothing more */
	r = post_multipart(&ed15, path, "file", "again.png", "image/png", png, sizeof png, 0);
	assert_int_equal(r.status, 409);
	http_resp_free(&r);
	assert_int_equal(attachments_of(id), 2);
	/* the cover: an image, not a sound */
	char apath[200], body[256];
	snprintf(apath, sizeof apath, "/api/v1/articles/%ld", id);
	snprintf(body, sizeof body,
	         "{\"version\":1,\"column\":\"health\",\"cover\":%ld,"
	         "\"zh\":{\"title\":\"附件\",\"body\":\"<p>正文</p>\"}}",
	         png_id + 1000);
	r = http_as(&srv, &ed15, "PUT", apath, "application/json", body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"cover\""));
	http_resp_free(&r);
	snprintf(body, sizeof body,
	         "{\"version\":1,\"column\":\"health\",\"cover\":%ld,"
	         "\"zh\":{\"title\":\"附件\",\"body\":\"<p>正文</p>\"}}",
	         png_id);
	assert_int_equal(http_status_as(&srv, &ed15, "PUT", apath, "application/json", body), 200);
	move(id, &ed15, "review");
	move(id, &rev, "published");
	/* the portal page: the cover and the attachments */
	char page[64];
	snprintf(page, sizeof page, "/s/nmg/a/%ld", id);
	r = http_get(&srv, page);
	assert_int_equal(r.status, 200);
	char want[400];
	snprintf(want, sizeof want, "<img src=\"/media/%s\"", png_sha);
	assert_non_null(strstr(r.body, "<figure class=\"cover\">"));
	assert_non_null(strstr(r.body, want));
	assert_non_null(strstr(r.body, "<audio controls"));
	assert_non_null(strstr(r.body, "type=\"audio/mpeg\""));
	http_resp_free(&r);
	assert_int_equal(get_status(path), 200);
	/* the WeChat export and the feeds carry the cover by absolute URL */
	snprintf(page, sizeof page, "/s/nmg/a/%ld/wechat", id);
	r = http_get(&srv, page);
	snprintf(want, sizeof want, "<img src=\"%s/media/%s\"", srv.base, png_sha);
	assert_non_null(strstr(r.body, want));
	http_resp_free(&r);
	r = http_get(&srv, "/s/nmg/feed.atom");
	snprintf(want, sizeof want,
	         "<link rel=\"enclosure\" type=\"image/png\" href=\"%s/media/%s\"/>", srv.base,
	         png_sha);
	assert_non_null(strstr(r.body, want));
	http_resp_free(&r);
	r = http_get(&srv, "/s/nmg/feed.json");
	snprintf(want, sizeof want, "\"image\":\"%s/media/%s\"", srv.base, png_sha);
	assert_non_null(strstr(r.body, want));
	http_resp_free(&r);
	/* detach the sound: gone from the page; again: 404 */
	r = http_as(&srv, &ed15, "GET", path, NULL, NULL);
	j = body_json(&r);
	long mp3_id = (long)json_integer_value(
	    json_object_get(json_array_get(json_object_get(j, "items"), 1), "id"));
	json_decref(j);
	http_resp_free(&r);
	snprintf(apath, sizeof apath, "%s/%ld", path, mp3_id);
	assert_int_equal(http_status_as(&srv, &ed15, "DELETE", apath, NULL, NULL), 204);
	assert_int_equal(http_status_as(&srv, &ed15, "DELETE", apath, NULL, NULL), 404);
	snprintf(page, sizeof page, "/s/nmg/a/%ld", id);
	r = http_get(&srv, page);
	assert_null(strstr(r.body, "<audio"));
	http_resp_free(&r);
	assert_int_equal(attachments_of(id), 1);
}

/* Wrong type, a document, oversized, empty, no file, no permission, unknown article or
 * media: refused, and neither a media row nor a file nor an attachment is left. */
static void test_bad_attachments_store_nothing(void **state)
{
	long id = new_article();
	char path[96];
	snprintf(path, sizeof path, "/api/v1/articles/%ld/attachments", id);
	int64_t rows = media_rows();
	int files = media_files();
	const char *html = "<html><script>alert(1)</script></html>";
	struct http_resp r =
	    post_multipart(&ed15, path, "file", "x.png", "image/png", html, strlen(html), 0);
	assert_refused(&r, 415, "unsupported_media_type", "不受支持");
	const char *pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
	r = post_multipart(&ed15, path, "file", "x.pdf", "application/pdf", pdf, strlen(pdf), 0);
	assert_int_equal(r.status, 415);
	http_resp_free(&r);
	static unsigned char big[5000];
	memcpy(big, png, sizeof png);
	r = post_multipart(&ed15, path, "file", "big.png", "image/png", big, sizeof big, 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	r = post_multipart(&ed15, path, "file", "e.png", "image/png", "", 0, 0);
	assert_int_equal(r.status, 400);
	http_resp_free(&r);
	assert_int_equal(http_status_as(&srv, &ed15, "POST", path, "application/json", "{}"), 400);
	assert_int_equal(
	    http_status_as(&srv, &ed15, "POST", path, "application/json", "{\"media\":999999}"),
	    404);
	/* an editor of another league, a citizen, a visitor */
	r = post_multipart(&ed, path, "file", "x.png", "image/png", png, sizeof png, 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	r = post_multipart(&pub, path, "file", "x.png", "image/png", png, sizeof png, 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	r = post_multipart(NULL, path, "file", "x.png", "image/png", png, sizeof png, 0);
	assert_true(r.status == 401 || r.status == 403);
	http_resp_free(&r);
	r = post_multipart(&ed15, "/api/v1/articles/999999/attachments", "file", "x.png",
	                   "image/png", png, sizeof png, 0);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	assert_int_equal(media_rows(), rows);
	assert_int_equal(media_files(), files);
	assert_int_equal(attachments_of(id), 0);
}

/* The editor's page lists attachments and attaches an upload through its own form. */
static void test_console_attach(void **state)
{
	long id = new_article();
	char path[96];
	snprintf(path, sizeof path, "/admin/articles/%ld/attachments", id);
	size_t len;
	char head[256];
	int h =
	    snprintf(head, sizeof head,
	             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s"
	             "\r\n",
	             ed15.csrf);
	char *file = multipart("file", "s.mp3", "audio/mpeg", mp3, sizeof mp3, 0, &len);
	char *body = malloc((size_t)h + len);
	memcpy(body, head, (size_t)h);
	memcpy(body + h, file, len);
	free(file);
	char url[256], cookie[160];
	snprintf(url, sizeof url, "%s%s", srv.base, path);
	snprintf(cookie, sizeof cookie, "Cookie: tala_session=%s", ed15.session);
	const char *hdr[] = {cookie, "Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL};
	struct http_resp r = http_do("POST", url, hdr, body, (size_t)h + len);
	free(body);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(attachments_of(id), 1);
	char edit[64];
	snprintf(edit, sizeof edit, "/admin/articles/%ld/edit", id);
	r = http_as(&srv, &ed15, "GET", edit, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "id=\"attachments\""));
	assert_non_null(strstr(r.body, "<audio controls"));
	assert_non_null(strstr(r.body, "/attachments/delete"));
	http_resp_free(&r);
}

int main(int argc, char **argv)
{
	tala_bin = argv[1];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upload_sniffed_and_content_addressed),
	    cmocka_unit_test(test_document_is_an_attachment),
	    cmocka_unit_test(test_list_within_scope),
	    cmocka_unit_test(test_bad_uploads_store_nothing),
	    cmocka_unit_test(test_unknown_media),
	    cmocka_unit_test(test_attachments),
	    cmocka_unit_test(test_bad_attachments_store_nothing),
	    cmocka_unit_test(test_console_attach),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
