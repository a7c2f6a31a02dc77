/* audit_view.c: HTML for the audit log viewer — the filter form, a table of entries (times
 * in China Standard Time), the next-page and CSV links carrying the same filter. In
 * Mongolian the page is vertical like every page (the layout's main block). */
#include "audit/audit_view.h"
#include "html/html.h"

#include <string.h>

/* Query-string parameters of q except the cursor, as "k=v&" pairs (HTML-escaped). */
static void filter_params(struct strbuf *o, const struct audit_query *q)
{
	static const char *const names[AQ_COUNT] = {
	    [AQ_ACTOR] = "actor", [AQ_ACTION] = "action", [AQ_TYPE] = "type",   [AQ_FROM] = "from",
	    [AQ_TO] = "to",       [AQ_SCOPE] = "scope",   [AQ_LIMIT] = "limit",
	};
	for (int i = 0; i < AQ_COUNT; i++)
		if (names[i] && q->v[i])
			html_printf(o, "%s=%u&amp;", names[i], q->v[i]);
}

static void filter_input(struct req *rq, struct strbuf *o, const char *label_key, const char *name,
                         const char *type, const char *value, int max)
{
	html_printf(o,
	            "<label>%s<input name=\"%s\" type=\"%s\" maxlength=\"%d\" value=\"%s\">"
	            "</label>",
	            T(rq, label_key), name, type, max, value ? value : "");
}

static void filter_form(struct req *rq, struct strbuf *o, const struct audit_query *q)
{
	html_printf(o,
	            "<form class=\"search audit-filter\" method=\"get\" action=\"/admin/audit\">");
	filter_input(rq, o, "audit.actor", "actor", "text", q->v[AQ_ACTOR], 80);
	filter_input(rq, o, "audit.action", "action", "text", q->v[AQ_ACTION], 160);
	filter_input(rq, o, "audit.object_type", "type", "text", q->v[AQ_TYPE], 40);
	filter_input(rq, o, "audit.from", "from", "date", q->v[AQ_FROM], 10);
	filter_input(rq, o, "audit.to", "to", "date", q->v[AQ_TO], 10);
	filter_input(rq, o, "audit.scope", "scope", "text", q->v[AQ_SCOPE], 17);
	html_printf(o, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", rq->lang);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "audit.filter"));
}

static void cell(struct strbuf *o, const char *s)
{
	html_printf(o, "<td>%s</td>", s ? s : "");
}

static void entries_table(struct req *rq, struct strbuf *o, const struct audit_page *page)
{
	html_printf(o,
	            "<table class=\"audit\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "audit.time"), T(rq, "audit.actor"), T(rq, "audit.ip"),
	            T(rq, "audit.action"), T(rq, "audit.object"), T(rq, "audit.scope"),
	            T(rq, "audit.summary"));
	for (size_t i = 0; i < page->n; i++) {
		const struct audit_row *r = &page->items[i];
		char t[32];
		audit_format_time(r->at, t);
		html_printf(o, "<tr><td>%ld</td><td><time>%s</time></td>", (long)r->id, t);
		cell(o, r->actor);
		cell(o, r->ip);
		html_printf(o, "<td><code>%s</code></td>", r->action ? r->action : "");
		if (r->object_type)
			html_printf(o, "<td>%s %s</td>", r->object_type,
			            r->object_id ? r->object_id : "");
		else
			cell(o, r->object_id);
		cell(o, r->scope);
		cell(o, r->summary);
		strbuf_puts(o, "</tr>");
	}
	strbuf_puts(o, "</tbody></table>");
}

void audit_view_page(struct req *rq, struct resp *rs, const struct audit_query *q,
                     const struct audit_page *page)
{
	struct strbuf *o = &rs->body;
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, T(rq, "audit.title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "audit.title"));
	filter_form(rq, o, q);
	html_printf(o, "<p class=\"audit-meta\">%s: %ld · %s · <a href=\"/admin/audit.csv?",
	            T(rq, "audit.total"), (long)page->total, T(rq, "audit.time_note"));
	filter_params(o, q);
	html_printf(o, "lang=%s\" download>%s</a></p>", rq->lang, T(rq, "audit.export"));
	if (page->n == 0)
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "audit.empty"));
	else
		entries_table(rq, o, page);
	if (page->next) {
		strbuf_puts(o, "<p class=\"pager\"><a rel=\"next\" href=\"/admin/audit?");
		filter_params(o, q);
		html_printf(o, "cursor=%ld&amp;lang=%s\">%s</a></p>", (long)page->next, rq->lang,
		            T(rq, "audit.next"));
	}
	page_end(rq, rs);
}
