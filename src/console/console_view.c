/* console_view.c: the console shell page — the navigation and who is signed in with which
 * roles. */
#include "console/console.h"
#include "auth/auth.h"
#include "html/html.h"

void console_view_shell(struct req *rq, struct resp *rs, const struct console_entry *const *entries,
                        size_t n)
{
	struct strbuf *o = &rs->body;
	const struct principal *p = auth_principal(rq);
	page_begin(rq, rs, T(rq, "console.title"));
	html_printf(o, "<h1>%s</h1><nav class=\"console\" aria-label=\"%s\">",
	            T(rq, "console.title"), T(rq, "console.nav"));
	if (!n)
		html_printf(o, "<p>%s</p>", T(rq, "console.empty"));
	else
		html_printf(o, "<ul class=\"console\">");
	for (size_t i = 0; i < n; i++)
		html_printf(o, "<li><a href=\"%U\">%s</a> <span class=\"about\">%s</span></li>",
		            entries[i]->href, T(rq, entries[i]->label_key),
		            T(rq, entries[i]->about_key));
	html_printf(o, "%R</nav><h2>%s</h2><ul class=\"grants\">", n ? "</ul>" : "",
	            T(rq, "console.your_roles"));
	for (size_t i = 0; i < p->ngrants; i++)
		html_printf(o, "<li>%s <code>%s</code></li>",
		            T(rq, arena_printf(rq->arena, "console.role.%s", p->grants[i].role)),
		            p->grants[i].scope);
	html_printf(o, "</ul>");
	page_end(rq, rs);
}
