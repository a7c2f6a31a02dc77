/* test_html_writer.c: the escaping HTML writer (src/html/writer.c) — %s escapes text,
 * %u percent-encodes, %U lets only safe URLs through, %R is raw, %d/%ld numbers, %%. */
#include "test_util.h"

#include "base/common.h"
#include "html/html.h"

#include <limits.h>

/* The output of html_printf(fmt, ...) is compared with want. */
#define EXPECT(want, ...)                                                                          \
	do {                                                                                       \
		struct strbuf sb_;                                                                 \
		strbuf_init(&sb_);                                                                 \
		html_printf(&sb_, __VA_ARGS__);                                                    \
		if (strcmp(sb_.data, want) != 0) {                                                 \
			print_error("got:  %s\nwant: %s\n", sb_.data, want);                       \
			strbuf_free(&sb_);                                                         \
			fail();                                                                    \
		}                                                                                  \
		strbuf_free(&sb_);                                                                 \
	} while (0)

static void text_is_escaped(void **state)
{
	(void)state;
	EXPECT("&amp; &lt; &gt; &quot; &#39;", "%s", "& < > \" '");
	EXPECT("<p title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	       "<p title=\"%s\">%s</p>", "a\"b'c", "<script>alert(1)</script>");
	EXPECT("&amp;amp;", "%s", "&amp;"); /* already-escaped text is text */
	EXPECT("ᠮᠣᠩᠭᠣᠯ 中文", "%s", "ᠮᠣᠩᠭᠣᠯ 中文");
	EXPECT("[]", "[%s]", "");
	EXPECT("[]", "[%s]", (const char *)NULL);
	EXPECT("no conversions", "no conversions");
	EXPECT("", "");
}

static void escape_function(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	html_escape(&sb, "a<b>c", 3); /* only n bytes */
	assert_string_equal(sb.data, "a&lt;b");
	strbuf_reset(&sb);
	html_escape(&sb, "x\0y", 3); /* a NUL byte never reaches the page */
	assert_string_equal(sb.data, "x\xEF\xBF\xBDy");
	strbuf_free(&sb);
}

static void url_components_are_percent_encoded(void **state)
{
	(void)state;
	EXPECT("a%20b%2Fc%3Fd%3De%26f", "%u", "a b/c?d=e&f");
	EXPECT("AZaz09-._~", "%u", "AZaz09-._~");
	EXPECT("%22%27%3C%3E%25%2B%23", "%u", "\"'<>%+#");
	EXPECT("%E4%B8%AD%E1%A0%AE", "%u", "中ᠮ");
	EXPECT("/regions/150100?q=%E5%91%BC+x", "/regions/%u?q=%u+x", "150100", "呼");
	EXPECT("[]", "[%u]", (const char *)NULL);
}

static void unsafe_urls_become_hash(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "javascript:alert(1)",
	    "JavaScript:alert(1)",
	    "JAVASCRIPT:alert(document.cookie)",
	    " javascript:alert(1)",
	    "\tjavascript:alert(1)",
	    "java\tscript:alert(1)",
	    "java\nscript:alert(1)",
	    "\x01javascript:alert(1)",
	    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	    "DATA:image/svg+xml,<svg onload=alert(1)>",
	    "vbscript:msgbox(1)",
	    "file:///etc/passwd",
	    "blob:https://example.org/uuid",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		EXPECT("<a href=\"#\">", "<a href=\"%U\">", bad[i]);
	EXPECT("<a href=\"#\">", "<a href=\"%U\">", (const char *)NULL);
}

static void safe_urls_pass_escaped(void **state)
{
	(void)state;
	static const struct {
		const char *url, *want;
	} cases[] = {
	    {"http://example.org/", "http://example.org/"},
	    {"HTTPS://example.org/a?b=1&c=2", "HTTPS://example.org/a?b=1&amp;c=2"},
	    {"mailto:kexie@example.org", "mailto:kexie@example.org"},
	    {"/regions/15?q=\"x\"", "/regions/15?q=&quot;x&quot;"},
	    {"//cdn.example.org/a.js", "//cdn.example.org/a.js"},
	    {"#top", "#top"},
	    {"page.html", "page.html"},
	    {"", ""},
	    /* a colon after '/', '?' or '#' is not a scheme */
	    {"/api/v1/x:y", "/api/v1/x:y"},
	    {"?before=2026-11-29T00:15:53Z", "?before=2026-11-29T00:15:53Z"},
	    {"regions?t=10:30", "regions?t=10:30"},
	    {"#note:1", "#note:1"},
	    {"' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct strbuf sb;
		strbuf_init(&sb);
		html_url(&sb, cases[i].url);
		if (strcmp(sb.data, cases[i].want) != 0) {
			print_error("url %s gave %s, want %s\n", cases[i].url, sb.data,
			            cases[i].want);
			strbuf_free(&sb);
			fail();
		}
		strbuf_free(&sb);
	}
	EXPECT("<img src=\"/static/a.png?v=1&amp;w=2\">", "<img src=\"%U\">",
	       "/static/a.png?v=1&w=2");
}

static void raw_and_numbers(void **state)
{
	(void)state;
	EXPECT("<b>bold</b> &amp;", "%R %s", "<b>bold</b>", "&");
	EXPECT("[]", "[%R]", (const char *)NULL);
	EXPECT("-5 0 2147483647", "%d %d %d", -5, 0, INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("9223372036854775807 -1", "%ld %ld", LONG_MAX, -1L);
	EXPECT("<td>42</td><td>&lt;x&gt;</td>", "<td>%d</td><td>%s</td>", 42, "<x>");
}

static void percent_and_unknown_conversions(void **state)
{
	(void)state;
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
	EXPECT("50%", "50%");       /* a final lone '%' is written as is */
	EXPECT("%qx", "%q%s", "x"); /* unknown: literal, consumes no argument */
	EXPECT("%l3", "%l%d", 3);   /* %l without d is unknown too */
	EXPECT("width: 50%; &amp;", "width: 50%%; %s", "&");
}

static void appends_to_existing_content(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "<ul>");
	for (int i = 0; i < 3; i++)
		html_printf(&sb, "<li data-i=\"%d\">%s</li>", i, i == 1 ? "<&>" : "ok");
	strbuf_puts(&sb, "</ul>");
	assert_string_equal(sb.data, "<ul><li data-i=\"0\">ok</li><li data-i=\"1\">&lt;&amp;&gt;"
	                             "</li><li data-i=\"2\">ok</li></ul>");
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_is_escaped),
	    cmocka_unit_test(escape_function),
	    cmocka_unit_test(url_components_are_percent_encoded),
	    cmocka_unit_test(unsafe_urls_become_hash),
	    cmocka_unit_test(safe_urls_pass_escaped),
	    cmocka_unit_test(raw_and_numbers),
	    cmocka_unit_test(percent_and_unknown_conversions),
	    cmocka_unit_test(appends_to_existing_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
