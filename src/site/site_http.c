/* site_http.c: the front page (/) — what Tala offers, in the visitor's language. */
#include "site/site.h"
#include "base/common.h"
#include "html/html.h"

static int page_home(struct req *rq, struct resp *rs)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "nav.home"));
	html_printf(o, "<h1>%s</h1><p class=\"tagline\">%s</p><ul class=\"entry\">",
	            T(rq, "app.name"), T(rq, "app.tagline"));
	html_printf(
	    o,
	    "<li><a href=\"/s/nmg/\">%s</a></li><li><a href=\"/search\">%s</a></li>"
	    "<li><a href=\"/regions\">%s</a></li><li><a href=\"/feedback\">%s</a></li></ul>",
	    T(rq, "nav.portal"), T(rq, "nav.search"), T(rq, "nav.regions"), T(rq, "nav.feedback"));
	page_end(rq, rs);
	return OK;
}

void site_mount(struct router *r)
{
	router_add(r, "GET", "/", PERM_PUBLIC, page_home);
}
