/* layout.c: the page frame every HTML view shares — head, header with the language switch
 * (中文 / ᠮᠣᠩᠭᠣᠯ), navigation, footer — and the error page. Mongolian pages put the whole
 * main area in vertical writing mode (writing-mode: vertical-lr, lang="mn-Mong"). */
#include "html/html.h"
#include "base/i18n.h"
#include "http/server.h"

#include <string.h>

const char *T(struct req *rq, const char *key)
{
	return i18n(rq->lang, key);
}

static bool is_mn(struct req *rq)
{
	return strcmp(rq->lang, "mn") == 0;
}

/* Writes the current URL with lang=L replacing any lang in the query. */
static void lang_link(struct req *rq, struct strbuf *out, const char *lang)
{
	const char *path = rq->path ? rq->path : "/"; /* NULL when the path itself was invalid */
	html_escape(out, path, strlen(path));
	strbuf_putc(out, '?');
	for (size_t i = 0; i < rq->query.n; i++) {
		if (strcmp(rq->query.items[i].key, "lang") == 0)
			continue;
		html_url_component(out, rq->query.items[i].key);
		strbuf_putc(out, '=');
		html_url_component(out, rq->query.items[i].value);
		strbuf_puts(out, "&amp;");
	}
	strbuf_printf(out, "lang=%s", lang);
}

void html_block_open(struct req *rq, struct strbuf *out, const char *tag, const char *cls)
{
	if (is_mn(rq))
		html_printf(out, "<%R class=\"%s mn\" lang=\"mn-Mong\">", tag, cls);
	else
		html_printf(out, "<%R class=\"%s\" lang=\"zh-Hans\">", tag, cls);
}

void html_mn_text(struct strbuf *out, const char *s)
{
	html_printf(out, "<span class=\"mn-inline\" lang=\"mn-Mong\">%s</span>", s);
}

void page_begin(struct req *rq, struct resp *rs, const char *title)
{
	struct strbuf *o = &rs->body;
	rs->status = rs->status ? rs->status : 200;
	rs->content_type = "text/html; charset=utf-8";
	bool mn = is_mn(rq);
	html_printf(
	    o,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>%s · %s</title>"
	    "<link rel=\"stylesheet\" href=\"%U\">"
	    "<link rel=\"preload\" as=\"font\" type=\"font/ttf\" crossorigin href=\"%U\">"
	    "</head><body class=\"%s\">",
	    mn ? "mn-Mong" : "zh-Hans", title, T(rq, "app.short"), static_url(rq, "css/tala.css"),
	    static_url(rq, "fonts/NotoSansMongolian-Regular.ttf"), mn ? "lang-mn" : "lang-zh");
	html_printf(o, "<header class=\"site\"><a class=\"brand\" href=\"/\">%s</a><nav>",
	            T(rq, "app.short"));
	html_printf(
	    o,
	    "<a href=\"/s/nmg/\">%s</a><a href=\"/search\">%s</a><a href=\"/regions\">%s</a>"
	    "<a href=\"/feedback\">%s</a></nav>",
	    T(rq, "nav.portal"), T(rq, "nav.search"), T(rq, "nav.regions"), T(rq, "nav.feedback"));
	if (rq->app && rq->app->user_nav)
		rq->app->user_nav(rq, rs, o);
	html_printf(o, "<div class=\"langs\" aria-label=\"%s\">", T(rq, "lang.switch"));
	strbuf_puts(o, "<a hreflang=\"zh-Hans\" lang=\"zh-Hans\" href=\"");
	lang_link(rq, o, "zh");
	html_printf(o, "\"%R>中文</a>", mn ? "" : " aria-current=\"true\"");
	strbuf_puts(o, "<a hreflang=\"mn-Mong\" lang=\"mn-Mong\" class=\"mn-inline\" href=\"");
	lang_link(rq, o, "mn");
	html_printf(o, "\"%R>ᠮᠣᠩᠭᠣᠯ</a></div></header>", mn ? " aria-current=\"true\"" : "");
	html_block_open(rq, o, "main", "page");
}

void page_end(struct req *rq, struct resp *rs)
{
	struct strbuf *o = &rs->body;
	html_printf(o, "</main><footer class=\"site\"><span>%s</span> · <span>%s</span></footer>",
	            T(rq, "footer.org"), T(rq, "footer.note"));
	strbuf_puts(o, "</body></html>\n");
}

void html_error_page(struct req *rq, struct resp *rs, const char *message)
{
	int status = rs->status;
	page_begin(rq, rs, T(rq, "error.title"));
	html_printf(&rs->body,
	            "<h1>%s</h1><p class=\"error\">%s</p><p class=\"status\">%d</p>"
	            "<p><a href=\"/\">%s</a></p>",
	            T(rq, "error.title"), message, status, T(rq, "error.back"));
	page_end(rq, rs);
	rs->status = status;
}
