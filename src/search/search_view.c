/* search_view.c: the /search page — a GET form that works without JavaScript, the count,
 * the hits (title linked to the article, highlighted snippet) and a link to the next page.
 * Each hit is written in its own language: Mongolian hits vertical (lang="mn-Mong"), also
 * on a Chinese page; the highlighted HTML comes escaped from search_marked_html. */
#include "html/html.h"
#include "search/search.h"

#include <string.h>

/* Writes /search?... with the current parameters and the given cursor. */
static void next_link(struct req *rq, struct strbuf *o, const char *cursor)
{
	strbuf_puts(o, "/search?");
	for (size_t i = 0; i < rq->query.n; i++) {
		if (strcmp(rq->query.items[i].key, "cursor") == 0)
			continue;
		html_printf(o, "%u=%u&amp;", rq->query.items[i].key, rq->query.items[i].value);
	}
	html_printf(o, "cursor=%u", cursor);
}

static void hit_html(struct req *rq, struct strbuf *o, const struct search_hit *h)
{
	bool mn = strcmp(h->lang, "mn") == 0;
	bool page_mn = strcmp(rq->lang, "mn") == 0;
	html_printf(o, "<li class=\"hit\" lang=\"%s\">", mn ? "mn-Mong" : "zh-Hans");
	if (mn && !page_mn)
		strbuf_puts(o, "<div class=\"mn-inline\">");
	html_printf(o, "<h2><a href=\"%U\">%R</a></h2><p class=\"snippet\">%R</p>", h->url,
	            h->title_html, h->snippet_html);
	if (mn && !page_mn)
		strbuf_puts(o, "</div>");
	strbuf_puts(o, "</li>");
}

void search_view_page(struct req *rq, struct resp *rs, const struct search_query *q,
                      const struct search_result *res, const char *error_key)
{
	struct strbuf *o = &rs->body;
	int status = rs->status;
	page_begin(rq, rs, T(rq, "search.title"));
	rs->status = status ? status : 200;
	html_printf(o, "<h1>%s</h1>", T(rq, "search.title"));
	html_printf(o,
	            "<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
	            "<label for=\"q\">%s</label> <input id=\"q\" name=\"q\" type=\"search\""
	            " maxlength=\"%d\" value=\"%s\"> ",
	            T(rq, "search.query"), SEARCH_QUERY_MAX_CHARS, q->q ? q->q : "");
	html_printf(o, "<label for=\"lang\">%s</label> <select id=\"lang\" name=\"lang\">",
	            T(rq, "search.lang"));
	static const char *const langs[] = {"", "zh", "mn"};
	static const char *const lang_keys[] = {"search.lang_any", "lang.zh", "lang.mn"};
	for (int i = 0; i < 3; i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", langs[i],
		            (q->lang ? strcmp(q->lang, langs[i]) == 0 : i == 0) ? " selected" : "",
		            T(rq, lang_keys[i]));
	strbuf_puts(o, "</select>");
	if (q->site_id)
		html_printf(o, "<input type=\"hidden\" name=\"site\" value=\"%ld\">",
		            (long)q->site_id);
	if (q->column_id)
		html_printf(o, "<input type=\"hidden\" name=\"column\" value=\"%ld\">",
		            (long)q->column_id);
	html_printf(o, " <button type=\"submit\">%s</button></form>", T(rq, "search.submit"));
	if (error_key) {
		html_printf(o, "<p class=\"error\">%s</p>", T(rq, error_key));
	} else if (q->q && *q->q) {
		html_printf(o, "<p class=\"count\">%s: %ld</p>", T(rq, "search.total"),
		            (long)res->total);
		if (!res->n)
			html_printf(o, "<p>%s</p>", T(rq, "search.none"));
		else {
			strbuf_puts(o, "<ol class=\"results\">");
			for (size_t i = 0; i < res->n; i++)
				hit_html(rq, o, &res->items[i]);
			strbuf_puts(o, "</ol>");
		}
		if (res->next) {
			strbuf_puts(o, "<p><a rel=\"next\" href=\"");
			next_link(rq, o, res->next);
			html_printf(o, "\">%s</a></p>", T(rq, "search.next"));
		}
	}
	page_end(rq, rs);
}
