/* officer_view.c: the officer module's HTML — the officer's own page (built for a phone: my
 * links with copy buttons and QR codes, my readers per day), the registration form with its
 * township chooser, the managers' confirmation list and import page, and the share card
 * (a standalone page with Open Graph tags for messaging apps). All output goes through
 * html_printf; Mongolian text blocks are vertical. */
#include "officer/officer_internal.h"
#include "officer/officer_points.h"
#include "auth/auth.h"
#include "html/html.h"
#include "http/server.h"
#include "region/region.h"

#include <string.h>

const char *officer_status_label(struct req *rq, const char *status)
{
	static const char *const keys[][2] = {
	    {OFFICER_PENDING, "officer.status.pending"},
	    {OFFICER_ACTIVE, "officer.status.active"},
	    {OFFICER_SUSPENDED, "officer.status.suspended"},
	    {OFFICER_REJECTED, "officer.status.rejected"},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i][0], status) == 0)
			return T(rq, keys[i][1]);
	return status;
}

/* The Mongolian bio in a vertical span, the Chinese one as it is. */
static void bio(struct strbuf *o, const struct officer *x)
{
	if (x->bio_zh[0])
		html_printf(o, "<p class=\"bio\" lang=\"zh-Hans\">%s</p>", x->bio_zh);
	if (x->bio_mn[0]) {
		strbuf_puts(o, "<p class=\"bio\">");
		html_mn_text(o, x->bio_mn);
		strbuf_puts(o, "</p>");
	}
}

/* ---- the officer's page: a table of sections ---- */

static void section_profile(struct req *rq, struct strbuf *o, const struct officer *x)
{
	html_printf(o,
	            "<section class=\"officer-profile\"><h2>%s</h2><dl class=\"facts\">"
	            "<dt>%s</dt><dd class=\"status status-%s\">%s</dd>"
	            "<dt>%s</dt><dd>%s</dd>",
	            T(rq, "officer.profile"), T(rq, "officer.status"), x->status,
	            officer_status_label(rq, x->status), T(rq, "officer.township"),
	            x->township_zh ? x->township_zh : x->township_code);
	if (x->org[0])
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(rq, "officer.org"), x->org);
	strbuf_puts(o, "</dl>");
	bio(o, x);
	if (strcmp(x->status, OFFICER_PENDING) == 0)
		html_printf(o, "<p class=\"note\">%s</p>", T(rq, "officer.pending_note"));
	strbuf_puts(o, "</section>");
}

static void section_links(struct req *rq, struct resp *rs, const struct officer *x,
                          const struct officer_page *pg)
{
	struct strbuf *o = &rs->body;
	html_printf(o, "<section class=\"officer-links\"><h2>%s</h2>", T(rq, "officer.links"));
	if (strcmp(x->status, OFFICER_ACTIVE) == 0) {
		html_printf(o,
		            "<form class=\"link-new\" method=\"post\" action=\"/officer/links\">"
		            "<label>%s<input name=\"target_id\" inputmode=\"numeric\" required "
		            "pattern=\"[0-9]+\" maxlength=\"18\"></label>"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<button type=\"submit\">%s</button></form>",
		            T(rq, "officer.article_id"), auth_csrf_token(rq, rs),
		            T(rq, "officer.link_new"));
	}
	if (strcmp(x->status, OFFICER_ACTIVE) == 0 && pg->nlatest) {
		/* one tap makes the link for one of the latest articles */
		html_printf(o, "<details class=\"latest\"><summary>%s</summary><ul>",
		            T(rq, "officer.latest"));
		const char *csrf = auth_csrf_token(rq, rs);
		for (size_t i = 0; i < pg->nlatest; i++)
			html_printf(
			    o,
			    "<li><form method=\"post\" action=\"/officer/links\">"
			    "<input type=\"hidden\" name=\"target_id\" value=\"%ld\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button type=\"submit\" class=\"pick\">%s</button></form></li>",
			    (long)pg->latest[i].id, csrf, pg->latest[i].title);
		strbuf_puts(o, "</ul></details>");
	}
	if (!pg->nlinks)
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "officer.no_links"));
	strbuf_puts(o, "<ul class=\"links\">");
	for (size_t i = 0; i < pg->nlinks; i++) {
		const struct share_link *l = &pg->links[i];
		const char *url =
		    pg->forward
		        ? arena_printf(rq->arena, "%s/r/%s?f=%s", pg->base, l->code, pg->forward)
		        : arena_printf(rq->arena, "%s/r/%s", pg->base, l->code);
		const char *title = pg->titles && pg->titles[i] ? pg->titles[i] : "";
		html_printf(o,
		            "<li class=\"link\" data-code=\"%s\"><p class=\"title\">%s</p>"
		            "<input class=\"share-url\" readonly value=\"%s\" aria-label=\"%s\">"
		            "<button type=\"button\" class=\"copy\" data-copied=\"%s\">%s</button>"
		            "<a class=\"card\" href=\"/r/%u/card\">%s</a>"
		            "<img class=\"qr\" alt=\"%s\" width=\"160\" height=\"160\" "
		            "src=\"/r/%u/qr.png\"> <a href=\"/r/%u/qr.svg\" download>%s</a>"
		            "<p class=\"count\">%s: <b>%ld</b></p></li>",
		            l->code, title, url, T(rq, "officer.share_url"),
		            T(rq, "officer.copied"), T(rq, "officer.copy"), l->code,
		            T(rq, "officer.card"), T(rq, "officer.qr"), l->code, l->code,
		            T(rq, "officer.qr_svg"), T(rq, "officer.link_visits"),
		            (long)(pg->link_visits ? pg->link_visits[i] : 0));
	}
	strbuf_puts(o, "</ul></section>");
}

static void section_readers(struct req *rq, struct strbuf *o, const struct officer_page *pg)
{
	html_printf(o, "<section class=\"officer-readers\"><h2>%s</h2>", T(rq, "officer.readers"));
	if (!pg->ndays) {
		html_printf(o, "<p class=\"empty\">%s</p></section>", T(rq, "officer.no_readers"));
		return;
	}
	html_printf(o,
	            "<table class=\"readers\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "</tr></thead><tbody>",
	            T(rq, "officer.day"), T(rq, "officer.readers_n"), T(rq, "officer.visits_n"));
	for (size_t i = 0; i < pg->ndays; i++)
		html_printf(o, "<tr><td>%s</td><td class=\"readers-n\">%ld</td><td>%ld</td></tr>",
		            pg->days[i].day, (long)pg->days[i].readers, (long)pg->days[i].visits);
	strbuf_puts(o, "</tbody></table></section>");
}

/* Sections other modules add (points, rank, today's tasks: officer_points.h). Each writes a
 * <section> for the officer; they follow the links and readers sections in this order.
 * ---- points module: add your officer_section_fn entries here ---- */
static const officer_section_fn extra_sections[] = {
    officer_points_section, /* my points, the day's sign-in */
    officer_rank_section,   /* my rank in township, county, league, region */
    officer_tasks_section,  /* today's sharing tasks */
};

void officer_view_page(struct req *rq, struct resp *rs, const struct officer_page *pg)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "officer.title"));
	html_printf(o,
	            "<link rel=\"stylesheet\" href=\"%U\"><div class=\"officer-page\"><h1>%s</h1>",
	            static_url(rq, "css/officer.css"), T(rq, "officer.title"));
	if (pg->note)
		html_printf(o, "<p class=\"note\" role=\"status\">%s</p>", T(rq, pg->note));
	section_profile(rq, o, pg->o);
	section_links(rq, rs, pg->o, pg);
	section_readers(rq, o, pg);
	for (size_t i = 0; i < sizeof extra_sections / sizeof extra_sections[0]; i++)
		if (extra_sections[i])
			extra_sections[i](rq, o, pg->o);
	html_printf(o, "</div><script src=\"%U\" defer></script>", static_url(rq, "js/officer.js"));
	page_end(rq, rs);
}

/* ---- registration ---- */

/* A select of the children of parent (leagues, counties or townships); selected may be
 * NULL. */
static void region_select(struct req *rq, struct strbuf *o, const char *name, const char *parent,
                          const char *selected, const char *label_key)
{
	struct region_list rl;
	if (region_children(rq->app->store, rq->arena, parent, NULL, 500, &rl) != 0)
		return;
	html_printf(o, "<label>%s<select name=\"%s\" required><option value=\"\">—</option>",
	            T(rq, label_key), name);
	for (size_t i = 0; i < rl.n; i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", rl.items[i].code,
		            selected && strcmp(selected, rl.items[i].code) == 0 ? " selected" : "",
		            region_display_name(rq, &rl.items[i]));
	strbuf_puts(o, "</select></label>");
}

static bool code_prefix(const char *code, size_t len)
{
	if (!code || strlen(code) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

void officer_view_register(struct req *rq, struct resp *rs, const struct officer *o,
                           const char *error_field, const char *error_key)
{
	struct strbuf *out = &rs->body;
	page_begin(rq, rs, T(rq, "officer.register"));
	html_printf(out,
	            "<link rel=\"stylesheet\" href=\"%U\"><div class=\"officer-page\"><h1>%s</h1>"
	            "<p>%s</p>",
	            static_url(rq, "css/officer.css"), T(rq, "officer.register"),
	            T(rq, "officer.register_intro"));
	if (o && strcmp(o->status, OFFICER_REJECTED) == 0)
		html_printf(out, "<p class=\"note\">%s</p>", T(rq, "officer.rejected_note"));
	if (error_key)
		html_printf(out, "<p class=\"error\" role=\"alert\" data-field=\"%s\">%s</p>",
		            error_field ? error_field : "", T(rq, error_key));
	/* the chooser: league, then county, then township — each step a GET of this page */
	const char *league = req_query(rq, "league"), *county = req_query(rq, "county");
	if (!code_prefix(league, 4))
		league = NULL;
	if (!code_prefix(county, 6) || !league || strncmp(county, league, 4) != 0)
		county = NULL;
	html_printf(out, "<form class=\"chooser\" method=\"get\" action=\"/officer\">");
	region_select(rq, out, "league", "15", league, "officer.league");
	if (league)
		region_select(rq, out, "county", league, county, "officer.county");
	html_printf(out, "<button type=\"submit\">%s</button></form>", T(rq, "officer.choose"));
	if (county) {
		html_printf(
		    out, "<form class=\"register\" method=\"post\" action=\"/officer/register\">");
		region_select(rq, out, "township", county, NULL, "officer.township");
		html_printf(out,
		            "<label>%s<input name=\"org\" maxlength=\"100\"></label>"
		            "<label>%s<textarea name=\"bio_zh\" maxlength=\"500\" rows=\"3\" "
		            "lang=\"zh-Hans\"></textarea></label>"
		            "<label>%s<textarea name=\"bio_mn\" maxlength=\"500\" rows=\"3\" "
		            "lang=\"mn-Mong\" class=\"mn\"></textarea></label>"
		            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		            "<button type=\"submit\">%s</button></form>",
		            T(rq, "officer.org"), T(rq, "officer.bio_zh"), T(rq, "officer.bio_mn"),
		            auth_csrf_token(rq, rs), T(rq, "officer.register_submit"));
	}
	strbuf_puts(out, "</div>");
	page_end(rq, rs);
}

/* ---- managers ---- */

void officer_view_manage(struct req *rq, struct resp *rs, struct officer *items, size_t n,
                         const char *status, int64_t next)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "officer.manage"));
	html_printf(
	    o, "<h1>%s</h1><p><a href=\"/admin/officers/import\">%s</a></p><nav class=\"tabs\">",
	    T(rq, "officer.manage"), T(rq, "officer.import"));
	static const char *const tabs[] = {OFFICER_PENDING, OFFICER_ACTIVE, OFFICER_SUSPENDED,
	                                   OFFICER_REJECTED};
	for (size_t i = 0; i < 4; i++)
		html_printf(o, "<a href=\"/admin/officers?status=%u\"%R>%s</a> ", tabs[i],
		            status && strcmp(status, tabs[i]) == 0 ? " aria-current=\"page\"" : "",
		            officer_status_label(rq, tabs[i]));
	strbuf_puts(o, "</nav>");
	if (!n) {
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "officer.none"));
		page_end(rq, rs);
		return;
	}
	html_printf(o,
	            "<table class=\"officers\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "officer.who"), T(rq, "officer.township"), T(rq, "officer.org"),
	            T(rq, "officer.status"), T(rq, "officer.actions"));
	const char *csrf = auth_csrf_token(rq, rs);
	for (size_t i = 0; i < n; i++) {
		const struct officer *x = &items[i];
		html_printf(o,
		            "<tr data-id=\"%ld\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		            (long)x->id,
		            x->name_zh && x->name_zh[0] ? x->name_zh
		            : x->login                  ? x->login
		                                        : "",
		            x->township_zh ? x->township_zh : x->township_code, x->org,
		            officer_status_label(rq, x->status));
		static const struct {
			const char *from, *to, *key;
		} acts[] = {
		    {OFFICER_PENDING, OFFICER_ACTIVE, "officer.confirm"},
		    {OFFICER_PENDING, OFFICER_REJECTED, "officer.reject"},
		    {OFFICER_ACTIVE, OFFICER_SUSPENDED, "officer.suspend"},
		    {OFFICER_SUSPENDED, OFFICER_ACTIVE, "officer.reinstate"},
		    {OFFICER_REJECTED, OFFICER_ACTIVE, "officer.confirm"},
		};
		for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
			if (strcmp(acts[k].from, x->status) != 0)
				continue;
			html_printf(o,
			            "<form method=\"post\" action=\"/admin/officers/%ld/status\">"
			            "<input type=\"hidden\" name=\"status\" value=\"%s\">"
			            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			            "<button type=\"submit\" class=\"%s\">%s</button></form>",
			            (long)x->id, acts[k].to, csrf, acts[k].to, T(rq, acts[k].key));
		}
		strbuf_puts(o, "</td></tr>");
	}
	strbuf_puts(o, "</tbody></table>");
	if (next)
		html_printf(o,
		            "<p><a rel=\"next\" "
		            "href=\"/admin/officers?status=%u&amp;after=%ld\">%s</a></p>",
		            status ? status : "", (long)next, T(rq, "officer.next"));
	page_end(rq, rs);
}

void officer_view_import(struct req *rq, struct resp *rs, const struct import_result *res,
                         bool done)
{
	struct strbuf *o = &rs->body;
	int status = rs->status;
	page_begin(rq, rs, T(rq, "officer.import"));
	if (status)
		rs->status = status;
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(rq, "officer.import"),
	            T(rq, "officer.import_help"));
	if (done && res) {
		html_printf(o,
		            "<p class=\"summary\">%s: <b class=\"rows\">%d</b> · %s: <b "
		            "class=\"valid\">%d</b>"
		            " · %s: <b class=\"imported\">%d</b></p>",
		            T(rq, "officer.import_rows"), res->rows, T(rq, "officer.import_valid"),
		            res->valid, T(rq, "officer.import_imported"), res->imported);
		if (res->nerrors) {
			html_printf(
			    o,
			    "<p class=\"error\">%s</p><table class=\"import-errors\"><thead><tr>"
			    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
			    T(rq, res->imported ? "officer.import_partial" : "officer.import_none"),
			    T(rq, "officer.import_line"), T(rq, "officer.import_field"),
			    T(rq, "officer.import_reason"));
			for (size_t i = 0; i < res->nerrors; i++)
				html_printf(o, "<tr><td>%d</td><td>%s</td><td>%s</td></tr>",
				            res->errors[i].line,
				            res->errors[i].field ? res->errors[i].field : "",
				            T(rq, res->errors[i].reason));
			strbuf_puts(o, "</tbody></table>");
		}
	}
	html_printf(o,
	            "<form class=\"import\" method=\"post\" action=\"/admin/officers/import\" "
	            "enctype=\"multipart/form-data\"><label>%s<input type=\"file\" name=\"file\" "
	            "accept=\".csv,text/csv\" required></label>"
	            "<label><input type=\"checkbox\" name=\"valid_only\" value=\"1\">%s</label>"
	            "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\">%s</label>"
	            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	            "<button type=\"submit\">%s</button></form>",
	            T(rq, "officer.import_file"), T(rq, "officer.import_valid_only"),
	            T(rq, "officer.import_dry_run"), auth_csrf_token(rq, rs),
	            T(rq, "officer.import_submit"));
	page_end(rq, rs);
}

/* ---- the share card ---- */

void officer_view_card(struct req *rq, struct resp *rs, const struct share_link *l,
                       const char *title, const char *summary, const char *cover, const char *url)
{
	struct strbuf *o = &rs->body;
	bool mn = strcmp(rq->lang, "mn") == 0;
	const char *image = cover ? cover : arena_printf(rq->arena, "%s/qr.png", url);
	rs->status = 200;
	rs->content_type = "text/html; charset=utf-8";
	html_printf(
	    o,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>%s</title>"
	    "<meta property=\"og:type\" content=\"article\">"
	    "<meta property=\"og:title\" content=\"%s\">"
	    "<meta property=\"og:description\" content=\"%s\">"
	    "<meta property=\"og:url\" content=\"%U\">"
	    "<meta property=\"og:image\" content=\"%U\">"
	    "<meta name=\"twitter:card\" content=\"summary\">"
	    "<link rel=\"stylesheet\" href=\"%U\"><link rel=\"stylesheet\" href=\"%U\"></head>"
	    "<body class=\"share-card %s\"><article class=\"card%s\"%R>"
	    "<h1>%s</h1><p class=\"summary\">%s</p>",
	    mn ? "mn-Mong" : "zh-Hans", title, title, summary, url, image,
	    static_url(rq, "css/tala.css"), static_url(rq, "css/officer.css"),
	    mn ? "lang-mn" : "lang-zh", mn ? " mn" : "", mn ? " lang=\"mn-Mong\"" : "", title,
	    summary);
	html_printf(
	    o,
	    "<img class=\"qr\" width=\"240\" height=\"240\" alt=\"%s\" src=\"/r/%u/qr.png\">"
	    "<p><a class=\"open\" href=\"/r/%u\">%s</a></p><p class=\"hint\">%s</p>"
	    "</article></body></html>\n",
	    T(rq, "officer.qr"), l->code, l->code, T(rq, "officer.open"),
	    T(rq, "officer.card_hint"));
}
