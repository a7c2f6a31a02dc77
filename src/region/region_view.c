/* region_view.c: HTML for a region (breadcrumb of parents, its names and code, its
 * children) and for name search results. */
#include "region/region.h"
#include "html/html.h"

#include <stdio.h>
#include <string.h>

const char *region_display_name(struct req *rq, const struct region *r)
{
	if (strcmp(rq->lang, "mn") == 0 && r->name_mn)
		return r->name_mn;
	return r->name_zh;
}

static void level_label(struct req *rq, struct strbuf *o, const char *level)
{
	char key[48];
	snprintf(key, sizeof key, "region.level.%s", level);
	html_printf(o, "<span class=\"level\">%s</span>", T(rq, key));
}

static void region_link(struct req *rq, struct strbuf *o, const struct region *r)
{
	html_printf(o, "<a href=\"/regions/%u\">%s</a>", r->code, region_display_name(rq, r));
}

static void search_form(struct req *rq, struct strbuf *o, const char *q)
{
	html_printf(
	    o,
	    "<form class=\"search\" method=\"get\" action=\"/regions\" role=\"search\">"
	    "<label>%s <input type=\"search\" name=\"q\" maxlength=\"100\" value=\"%s\"></label>"
	    "<button type=\"submit\">%s</button></form>",
	    T(rq, "region.search"), q ? q : "", T(rq, "region.search.button"));
}

void region_view_page(struct req *rq, struct resp *rs, const struct region *r,
                      const struct region_list *parents, const struct region_list *children)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, region_display_name(rq, r));
	search_form(rq, o, NULL);
	strbuf_puts(o, "<nav class=\"crumbs\">");
	for (size_t i = 0; i < parents->n; i++) {
		region_link(rq, o, &parents->items[i]);
		strbuf_puts(o, " › ");
	}
	html_printf(o, "</nav><h1>%s</h1><dl class=\"facts\">", region_display_name(rq, r));
	html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(rq, "region.code"), r->code);
	html_printf(o, "<dt>%s</dt><dd>", T(rq, "region.level"));
	level_label(rq, o, r->level);
	strbuf_puts(o, "</dd>");
	if (strcmp(rq->lang, "mn") == 0) {
		html_printf(o, "<dt>中文</dt><dd lang=\"zh-Hans\" class=\"zh-inline\">%s</dd>",
		            r->name_zh);
	} else if (r->name_mn) {
		strbuf_puts(o, "<dt>ᠮᠣᠩᠭᠣᠯ</dt><dd>");
		html_mn_text(o, r->name_mn);
		strbuf_puts(o, "</dd>");
	}
	strbuf_puts(o, "</dl>");
	if (children->n) {
		html_printf(o, "<h2>%s <small>", T(rq, "region.children"));
		html_printf(o, "(%ld)", (long)children->total);
		strbuf_puts(o, "</small></h2><ul class=\"children\">");
		for (size_t i = 0; i < children->n; i++) {
			strbuf_puts(o, "<li>");
			region_link(rq, o, &children->items[i]);
			html_printf(o, " <code>%s</code></li>", children->items[i].code);
		}
		strbuf_puts(o, "</ul>");
	}
	page_end(rq, rs);
}

void region_view_search(struct req *rq, struct resp *rs, const char *q,
                        const struct region_list *found)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "region.search.results"));
	search_form(rq, o, q);
	html_printf(o, "<h1>%s</h1>", T(rq, "region.search.results"));
	if (!found->n) {
		html_printf(o, "<p>%s</p>", T(rq, "region.search.none"));
	} else {
		html_printf(o, "<p class=\"count\">%ld</p><ul class=\"results\">",
		            (long)found->total);
		for (size_t i = 0; i < found->n; i++) {
			const struct region *r = &found->items[i];
			strbuf_puts(o, "<li>");
			region_link(rq, o, r);
			strbuf_puts(o, " ");
			level_label(rq, o, r->level);
			html_printf(o, " <code>%s</code></li>", r->code);
		}
		strbuf_puts(o, "</ul>");
	}
	page_end(rq, rs);
}
