/* test_http_parse.c: the parsers of untrusted request bytes (src/http/parse.c) —
 * percent-decoding, urlencoded forms, cookies, multipart bodies, JSON bodies and
 * Content-Type matching. */
#include "test_util.h"

#include "base/common.h"
#include "http/parse.h"

static int arena_setup(void **state)
{
	struct arena *a = malloc(sizeof *a);
	assert_non_null(a);
	arena_init(a, 0);
	*state = a;
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	free(*state);
	return 0;
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, arena_setup, arena_teardown)

/* ---- url_decode ---- */

static char *decode(struct arena *a, const char *s, bool plus, size_t *len)
{
	return url_decode(a, s, strlen(s), plus, len);
}

static void url_decode_plain_and_escapes(void **state)
{
	struct arena *a = *state;
	size_t len = 99;
	assert_string_equal(decode(a, "", true, &len), "");
	assert_int_equal(len, 0);
	assert_string_equal(decode(a, "abc", true, &len), "abc");
	assert_int_equal(len, 3);
	assert_string_equal(decode(a, "a%20b", true, NULL), "a b");
	assert_string_equal(decode(a, "%41%42%43", true, NULL), "ABC");
	assert_string_equal(decode(a, "%e4%b8%ad%E6%96%87", true, &len), "中文");
	assert_int_equal(len, 6);
	assert_string_equal(decode(a, "%E1%A0%AE", true, NULL), "ᠮ");
	assert_string_equal(decode(a, "100%25", true, NULL), "100%");
	assert_string_equal(decode(a, "中文", true, NULL), "中文"); /* raw UTF-8 passes */
}

static void url_decode_plus(void **state)
{
	struct arena *a = *state;
	assert_string_equal(decode(a, "a+b", true, NULL), "a b");
	assert_string_equal(decode(a, "a+b", false, NULL), "a+b");
	assert_string_equal(decode(a, "a%2Bb", true, NULL), "a+b"); /* an encoded '+' stays */
	assert_string_equal(decode(a, "+++", true, NULL), "   ");
}

static void url_decode_rejects_bad_escapes(void **state)
{
	struct arena *a = *state;
	static const char *const bad[] = {"%",  "%2",   "a%",  "a%4", "%G0",  "%0G",
	                                  "%%", "%%20", "%-1", "% 1", "%x41", "%\xC3\xA9"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (decode(a, bad[i], true, NULL))
			fail_msg("accepted \"%s\"", bad[i]);
	/* the escape must fit inside n even when more bytes follow in memory */
	assert_null(url_decode(a, "a%41", 3, true, NULL));
	assert_string_equal(url_decode(a, "a%41", 4, true, NULL), "aA");
}

static void url_decode_rejects_nul(void **state)
{
	struct arena *a = *state;
	assert_null(decode(a, "%00", true, NULL));
	assert_null(decode(a, "a%00b", true, NULL));
	assert_null(url_decode(a, "a\0b", 3, true, NULL));
}

static void url_decode_rejects_invalid_utf8(void **state)
{
	struct arena *a = *state;
	static const char *const bad[] = {
	    "%C3", "%C3%28", "%C0%80",   "%C0%AF",    "%ED%A0%80", "%F4%90%80%80",  "%FF",
	    "%80", "\xC3",   "ok%E4%B8", "%E4%B8%2B", "%F0%9F%98", "x\xED\xA0\x80",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (decode(a, bad[i], true, NULL))
			fail_msg("accepted \"%s\"", bad[i]);
}

/* ---- parse_urlencoded ---- */

static int urlencoded(struct arena *a, const char *s, struct kvlist *out, struct parse_error *err)
{
	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	return parse_urlencoded(a, s, strlen(s), out, err);
}

static void urlencoded_pairs(void **state)
{
	struct arena *a = *state;
	struct kvlist l;
	struct parse_error err;
	assert_int_equal(urlencoded(a, "name=%E5%BC%A0+%E4%B8%89&age=30&q=a%3Db%26c", &l, &err),
	                 OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].key, "name");
	assert_string_equal(l.items[0].value, "张 三");
	assert_int_equal(l.items[0].value_len, strlen("张 三"));
	assert_string_equal(kvlist_get(&l, "age"), "30");
	assert_string_equal(kvlist_get(&l, "q"), "a=b&c");
	assert_null(kvlist_get(&l, "missing"));
	assert_int_equal(urlencoded(a, "a=1=2&b+c=%20", &l, &err), OK);
	assert_string_equal(kvlist_get(&l, "a"), "1=2");
	assert_string_equal(kvlist_get(&l, "b c"), " ");
	assert_int_equal(urlencoded(a, "", &l, &err), OK);
	assert_int_equal(l.n, 0);
}

static void urlencoded_empty_pairs_and_missing_equals(void **state)
{
	struct arena *a = *state;
	struct kvlist l;
	struct parse_error err;
	assert_int_equal(urlencoded(a, "&&a=1&&&b=2&", &l, &err), OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].key, "a");
	assert_string_equal(l.items[1].key, "b");
	assert_int_equal(urlencoded(a, "flag&x=&y", &l, &err), OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].key, "flag");
	assert_string_equal(l.items[0].value, "");
	assert_int_equal(l.items[0].value_len, 0);
	assert_string_equal(kvlist_get(&l, "x"), "");
	assert_string_equal(kvlist_get(&l, "y"), "");
}

static void urlencoded_repeated_keys_kept_in_order(void **state)
{
	struct arena *a = *state;
	struct kvlist l;
	struct parse_error err;
	assert_int_equal(urlencoded(a, "tag=a&other=1&tag=b&tag=c", &l, &err), OK);
	assert_int_equal(l.n, 4);
	assert_string_equal(kvlist_get(&l, "tag"), "a"); /* the first wins */
	const char *want[] = {"a", "b", "c"};
	size_t seen = 0;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.items[i].key, "tag") == 0)
			assert_string_equal(l.items[i].value, want[seen++]);
	assert_int_equal(seen, 3);
}

static void urlencoded_many_pairs(void **state)
{
	struct arena *a = *state;
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%sk%d=v%d", i ? "&" : "", i, i);
	struct kvlist l = {0};
	struct parse_error err;
	assert_int_equal(parse_urlencoded(a, buf, n, &l, &err), OK);
	assert_int_equal(l.n, 500);
	assert_string_equal(kvlist_get(&l, "k0"), "v0");
	assert_string_equal(kvlist_get(&l, "k499"), "v499");
}

static void urlencoded_errors_name_the_field(void **state)
{
	struct arena *a = *state;
	struct kvlist l;
	struct parse_error err;
	assert_int_equal(urlencoded(a, "ok=1&title=%ZZ", &l, &err), ERR);
	assert_string_equal(err.field, "title");
	assert_string_equal(err.reason, "invalid_encoding");
	assert_int_equal(urlencoded(a, "body=%C3%28&x=1", &l, &err), ERR);
	assert_string_equal(err.field, "body");
	assert_string_equal(err.reason, "invalid_encoding");
	assert_int_equal(urlencoded(a, "name=%00", &l, &err), ERR);
	assert_string_equal(err.field, "name");
	/* a bad key cannot be named */
	assert_int_equal(urlencoded(a, "na%ZZme=1", &l, &err), ERR);
	assert_null(err.field);
	assert_string_equal(err.reason, "bad_field_name");
	assert_int_equal(urlencoded(a, "%FF=1", &l, &err), ERR);
	assert_string_equal(err.reason, "bad_field_name");
	/* a NULL err is allowed */
	memset(&l, 0, sizeof l);
	assert_int_equal(parse_urlencoded(a, "a=%", 3, &l, NULL), ERR);
}

/* ---- parse_cookies ---- */

static void cookies(void **state)
{
	struct arena *a = *state;
	struct kvlist l = {0};
	parse_cookies(a, "sid=abc123; lang=mn;theme=dark", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(kvlist_get(&l, "sid"), "abc123");
	assert_string_equal(kvlist_get(&l, "lang"), "mn");
	assert_string_equal(kvlist_get(&l, "theme"), "dark");
}

static void cookies_spaces_and_quotes(void **state)
{
	struct arena *a = *state;
	struct kvlist l = {0};
	parse_cookies(a, "  a = 1 ;\tb=\" quoted \";;  c=\"\"; d=\"; e=x=y; f= ", &l);
	assert_string_equal(kvlist_get(&l, "a"), "1");
	assert_string_equal(kvlist_get(&l, "b"), " quoted ");
	assert_string_equal(kvlist_get(&l, "c"), "");
	assert_string_equal(kvlist_get(&l, "d"), "\""); /* a lone quote is not a pair */
	assert_string_equal(kvlist_get(&l, "e"), "x=y");
	assert_string_equal(kvlist_get(&l, "f"), "");
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(l.items[i].value_len, strlen(l.items[i].value));
}

static void cookies_malformed_pairs_skipped(void **state)
{
	struct arena *a = *state;
	struct kvlist l = {0};
	parse_cookies(a, "novalue; =orphan; ok=1; bad=\xFF\xFE; last", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].key, "ok");
	assert_string_equal(l.items[0].value, "1");
	memset(&l, 0, sizeof l);
	parse_cookies(a, NULL, &l);
	parse_cookies(a, "", &l);
	parse_cookies(a, ";;; ; ", &l);
	assert_int_equal(l.n, 0);
}

static void cookies_repeated_first_wins(void **state)
{
	struct arena *a = *state;
	struct kvlist l = {0};
	parse_cookies(a, "sid=path-specific; sid=general", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(kvlist_get(&l, "sid"), "path-specific");
}

/* ---- parse_multipart ---- */

#define CRLF "\r\n"

static int multipart(struct arena *a, const char *ctype, const char *body, size_t n,
                     struct kvlist *fields, struct uploads *files, struct parse_error *err)
{
	memset(fields, 0, sizeof *fields);
	memset(files, 0, sizeof *files);
	memset(err, 0, sizeof *err);
	return parse_multipart(a, ctype, body, n, fields, files, err);
}

/* Binary data with NULs, CRs, LFs and the boundary text (not after CRLF: no delimiter). */
static const char file_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR--XyZ\r\n-";

/* Builds a body with a text field, a file part and a second text field. */
static size_t sample_body(char *out, size_t cap)
{
	char *p = out;
	p += sprintf(p, "preamble is ignored" CRLF "--XyZ" CRLF
	                "Content-Disposition: form-data; name=\"title\"" CRLF CRLF
	                "草原上的科普" CRLF "--XyZ" CRLF
	                "Content-Disposition: form-data; name=\"photo\"; filename=\"a b.png\"" CRLF
	                "Content-Type: image/png" CRLF CRLF);
	memcpy(p, file_bytes, sizeof file_bytes - 1);
	p += sizeof file_bytes - 1;
	p += sprintf(p, CRLF "--XyZ" CRLF "content-disposition: form-data; name=lang" CRLF CRLF
	                     "mn" CRLF "--XyZ--" CRLF);
	assert_true((size_t)(p - out) < cap);
	return (size_t)(p - out);
}

static void multipart_text_and_file(void **state)
{
	struct arena *a = *state;
	char body[1024];
	size_t n = sample_body(body, sizeof body);
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	static const char *const ctypes[] = {
	    "multipart/form-data; boundary=XyZ",
	    "multipart/form-data; boundary=\"XyZ\"",
	    "Multipart/Form-Data;charset=utf-8;  BOUNDARY=XyZ",
	};
	for (size_t i = 0; i < ARRAY_LEN(ctypes); i++) {
		assert_int_equal(multipart(a, ctypes[i], body, n, &f, &u, &err), OK);
		assert_int_equal(f.n, 2);
		assert_string_equal(kvlist_get(&f, "title"), "草原上的科普");
		assert_string_equal(kvlist_get(&f, "lang"), "mn");
		assert_int_equal(u.n, 1);
		assert_string_equal(u.items[0].field, "photo");
		assert_string_equal(u.items[0].filename, "a b.png");
		assert_string_equal(u.items[0].content_type, "image/png");
		assert_int_equal(u.items[0].len, sizeof file_bytes - 1);
		assert_memory_equal(u.items[0].data, file_bytes, sizeof file_bytes - 1);
	}
}

static void multipart_empty_and_many(void **state)
{
	struct arena *a = *state;
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	const char *empty = "--b--" CRLF;
	assert_int_equal(
	    multipart(a, "multipart/form-data; boundary=b", empty, strlen(empty), &f, &u, &err),
	    OK);
	assert_int_equal(f.n + u.n, 0);
	char body[16384];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(body + n, sizeof body - n,
		                      "--b" CRLF
		                      "Content-Disposition: form-data; name=\"f%d\"%s" CRLF CRLF
		                      "v%d" CRLF,
		                      i, i % 2 ? "; filename=\"x.txt\"" : "", i);
	n += (size_t)snprintf(body + n, sizeof body - n, "--b--");
	assert_int_equal(multipart(a, "multipart/form-data; boundary=b", body, n, &f, &u, &err),
	                 OK);
	assert_int_equal(f.n, 20);
	assert_int_equal(u.n, 20);
	assert_string_equal(kvlist_get(&f, "f38"), "v38");
	assert_string_equal(u.items[19].field, "f39");
	assert_memory_equal(u.items[19].data, "v39", 3);
}

static void multipart_quoted_semicolon_in_filename(void **state)
{
	struct arena *a = *state;
	const char *body =
	    "--b" CRLF
	    "Content-Disposition: form-data; filename=\"x;name=y.txt\"; name=\"doc\"" CRLF CRLF
	    "data" CRLF "--b--" CRLF;
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	assert_int_equal(
	    multipart(a, "multipart/form-data; boundary=b", body, strlen(body), &f, &u, &err), OK);
	assert_int_equal(u.n, 1);
	assert_string_equal(u.items[0].field, "doc");
	assert_string_equal(u.items[0].filename, "x;name=y.txt");
}

static void multipart_missing_boundary(void **state)
{
	struct arena *a = *state;
	char body[1024];
	size_t n = sample_body(body, sizeof body);
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	char long_ctype[400];
	int m = snprintf(long_ctype, sizeof long_ctype, "multipart/form-data; boundary=");
	memset(long_ctype + m, 'b', 201);
	long_ctype[m + 201] = '\0';
	const char *const ctypes[] = {
	    "multipart/form-data",
	    "multipart/form-data; boundary=",
	    "multipart/form-data; boundary=\"XyZ", /* unclosed quote */
	    "multipart/form-data; charset=utf-8",
	    "multipart/form-data; boundary=Other", /* not in the body */
	    long_ctype,
	};
	for (size_t i = 0; i < ARRAY_LEN(ctypes); i++) {
		if (multipart(a, ctypes[i], body, n, &f, &u, &err) != ERR)
			fail_msg("accepted content type %s", ctypes[i]);
		assert_string_equal(err.reason, "bad_multipart");
		assert_null(err.field);
	}
}

static void multipart_truncated(void **state)
{
	struct arena *a = *state;
	char body[1024];
	size_t n = sample_body(body, sizeof body);
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	/* every cut before the closing "--" of the last delimiter is an error */
	const char *close = "--XyZ--";
	size_t cut_limit = (size_t)((char *)memmem(body, n, close, strlen(close)) - body) + 6;
	for (size_t cut = 0; cut < cut_limit; cut++) {
		if (multipart(a, "multipart/form-data; boundary=XyZ", body, cut, &f, &u, &err) !=
		    ERR)
			fail_msg("accepted the body cut at %zu of %zu", cut, n);
		assert_string_equal(err.reason, "bad_multipart");
	}
}

static void multipart_bad_parts(void **state)
{
	struct arena *a = *state;
	static const char *const bodies[] = {
	    /* no name */
	    "--b" CRLF "Content-Disposition: form-data" CRLF CRLF "v" CRLF "--b--",
	    /* not form-data */
	    "--b" CRLF "Content-Disposition: attachment; name=\"x\"" CRLF CRLF "v" CRLF "--b--",
	    /* no headers/body separator */
	    "--b" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF "v" CRLF "--b--",
	    /* delimiter not followed by CRLF */
	    "--bX" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF CRLF "v" CRLF "--b--",
	};
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
		if (multipart(a, "multipart/form-data; boundary=b", bodies[i], strlen(bodies[i]),
		              &f, &u, &err) != ERR)
			fail_msg("accepted body %zu", i);
		assert_string_equal(err.reason, "bad_multipart");
	}
}

static void multipart_invalid_text_names_field(void **state)
{
	struct arena *a = *state;
	struct kvlist f;
	struct uploads u;
	struct parse_error err;
	const char *body =
	    "--b" CRLF "Content-Disposition: form-data; name=\"ok\"" CRLF CRLF "fine" CRLF
	    "--b" CRLF "Content-Disposition: form-data; name=\"message\"" CRLF CRLF
	    "bad \xC3\x28 bytes" CRLF "--b--" CRLF;
	assert_int_equal(
	    multipart(a, "multipart/form-data; boundary=b", body, strlen(body), &f, &u, &err), ERR);
	assert_string_equal(err.field, "message");
	assert_string_equal(err.reason, "invalid_encoding");

	static const char nul_body[] =
	    "--b" CRLF "Content-Disposition: form-data; name=\"n\"" CRLF CRLF "a\0b" CRLF
	    "--b--" CRLF;
	assert_int_equal(multipart(a, "multipart/form-data; boundary=b", nul_body,
	                           sizeof nul_body - 1, &f, &u, &err),
	                 ERR);
	assert_string_equal(err.field, "n");
	assert_string_equal(err.reason, "invalid_encoding");

	/* the same bytes in a file part are data, not text */
	const char *file =
	    "--b" CRLF "Content-Disposition: form-data; name=\"f\"; filename=\"x\"" CRLF CRLF
	    "\xC3\x28" CRLF "--b--" CRLF;
	assert_int_equal(
	    multipart(a, "multipart/form-data; boundary=b", file, strlen(file), &f, &u, &err), OK);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.items[0].len, 2);
}

/* ---- parse_json ---- */

static void json_accepts_objects_and_arrays(void **state)
{
	(void)state;
	struct parse_error err = {0};
	const char *s = "{\"name\": \"ᠮᠣᠩᠭᠣᠯ\", \"n\": [1, 2.5, null, true]}";
	json_t *j = parse_json(s, strlen(s), &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "ᠮᠣᠩᠭᠣᠯ");
	assert_int_equal(json_array_size(json_object_get(j, "n")), 4);
	json_decref(j);
	j = parse_json("[]", 2, &err);
	assert_non_null(j);
	assert_true(json_is_array(j));
	json_decref(j);
	/* only n bytes are read */
	j = parse_json("{}garbage", 2, &err);
	assert_non_null(j);
	json_decref(j);
}

static void json_error_names_position(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *where;
	} cases[] = {
	    {"{\"a\":1,}", "line 1, column 8 (position 8)"},
	    {"{\n  \"a\": 1,\n  \"b\": }", "line 3, column 8 (position 20)"},
	    {"{\"a\":tru}", "line 1, column 8 (position 8)"},
	    {"{} x", "line 1, column 4 (position 4)"},
	    {"", "line 1, column 0 (position 0)"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct parse_error err = {0};
		assert_null(parse_json(cases[i].text, strlen(cases[i].text), &err));
		assert_string_equal(err.reason, "malformed_json");
		assert_null(err.field);
		if (strncmp(err.detail, cases[i].where, strlen(cases[i].where)) != 0)
			fail_msg("detail \"%s\", want \"%s...\"", err.detail, cases[i].where);
	}
}

static void json_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "{\"a\":1,\"a\":2}",         /* duplicate key */
	    "{\"x\":{\"k\":1,\"k\":1}}", /* nested duplicate */
	    "\"just a string\"",         /* not an object or array */
	    "42",
	    "{\"a\":\"\\u0000\"}",  /* NUL */
	    "{\"a\":\"\xC3\x28\"}", /* invalid UTF-8 */
	    "{\"a\":\"\\uD800\"}",  /* lone surrogate escape */
	    "{'a':1}",
	    "[1,2",
	    "{\"a\":NaN}",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct parse_error err = {0};
		json_t *j = parse_json(bad[i], strlen(bad[i]), &err);
		if (j) {
			json_decref(j);
			fail_msg("accepted %s", bad[i]);
		}
		assert_string_equal(err.reason, "malformed_json");
		assert_true(strlen(err.detail) > 0);
	}
	struct parse_error err = {0};
	const char dup[] = "{\"a\":1,\"a\":2}";
	assert_null(parse_json(dup, strlen(dup), &err));
	assert_non_null(strstr(err.detail, "duplicate"));
	assert_null(parse_json("{\"a\"\0:1}", 8, &err)); /* a NUL byte in the body */
	assert_null(parse_json("{", 1, NULL));           /* err may be NULL */
}

static void json_deep_nesting_is_refused(void **state)
{
	(void)state;
	size_t depth = 100000;
	char *s = malloc(2 * depth);
	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	struct parse_error err = {0};
	json_t *j = parse_json(s, 2 * depth, &err);
	free(s);
	assert_null(j);
	assert_string_equal(err.reason, "malformed_json");
}

/* ---- content_type_is ---- */

static void content_types(void **state)
{
	(void)state;
	static const struct {
		const char *header, *type;
		bool want;
	} cases[] = {
	    {"application/json", "application/json", true},
	    {"Application/JSON; charset=utf-8", "application/json", true},
	    {"application/json;charset=utf-8", "application/json", true},
	    {"  application/json", "application/json", true},
	    {"application/json ; charset=utf-8", "application/json", true},
	    {"multipart/form-data; boundary=x", "multipart/form-data", true},
	    {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded", true},
	    {"application/jsonx", "application/json", false},
	    {"application/json+ld", "application/json", false},
	    {"application/jso", "application/json", false},
	    {"text/html", "application/json", false},
	    {"", "application/json", false},
	    {"x application/json", "application/json", false},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (content_type_is(cases[i].header, cases[i].type) != cases[i].want)
			fail_msg("content_type_is(\"%s\", \"%s\") != %d", cases[i].header,
			         cases[i].type, cases[i].want);
	assert_false(content_type_is(NULL, "application/json"));
}

/* ---- kvlist ---- */

static void kvlist_grows(void **state)
{
	struct arena *a = *state;
	struct kvlist l = {0};
	char key[16];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		kvlist_add(a, &l, arena_strdup(a, key), "v", 1);
	}
	assert_int_equal(l.n, 1000);
	assert_true(l.cap >= 1000);
	assert_string_equal(l.items[999].key, "k999");
	assert_string_equal(kvlist_get(&l, "k500"), "v");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(url_decode_plain_and_escapes),
	    TEST(url_decode_plus),
	    TEST(url_decode_rejects_bad_escapes),
	    TEST(url_decode_rejects_nul),
	    TEST(url_decode_rejects_invalid_utf8),
	    TEST(urlencoded_pairs),
	    TEST(urlencoded_empty_pairs_and_missing_equals),
	    TEST(urlencoded_repeated_keys_kept_in_order),
	    TEST(urlencoded_many_pairs),
	    TEST(urlencoded_errors_name_the_field),
	    TEST(cookies),
	    TEST(cookies_spaces_and_quotes),
	    TEST(cookies_malformed_pairs_skipped),
	    TEST(cookies_repeated_first_wins),
	    TEST(multipart_text_and_file),
	    TEST(multipart_empty_and_many),
	    TEST(multipart_quoted_semicolon_in_filename),
	    TEST(multipart_missing_boundary),
	    TEST(multipart_truncated),
	    TEST(multipart_bad_parts),
	    TEST(multipart_invalid_text_names_field),
	    TEST(json_accepts_objects_and_arrays),
	    TEST(json_error_names_position),
	    TEST(json_rejects),
	    TEST(json_deep_nesting_is_refused),
	    TEST(content_types),
	    TEST(kvlist_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
