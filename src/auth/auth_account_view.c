/* auth_account_view.c: the "my account" page — who I am and in which roles, the language
 * I prefer, the change-password form, my sessions (this one marked, the others can be
 * ended; sign out everywhere) and my API tokens (list, revoke, create; a new token is shown
 * once, here, and never again). Every form carries the session's CSRF token. */
#include "auth/auth.h"
#include "auth/auth_phone_view.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "region/region.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Writes a time as "2026-05-01 14:03" in China Standard Time (UTC+8, no daylight saving), the
 * exact instant in the datetime attribute. */
static void when(struct strbuf *o, int64_t ms)
{
	time_t t = (time_t)(ms / 1000) + 8 * 3600;
	struct tm tm;
	char shown[32], iso[32];
	gmtime_r(&t, &tm);
	strftime(shown, sizeof shown, "%Y-%m-%d %H:%M", &tm);
	clock_format_rfc3339(ms, iso);
	html_printf(o, "<time datetime=\"%s\">%s</time>", iso, shown);
}

static const char *role_label(struct req *rq, const char *role)
{
	return T(rq, arena_printf(rq->arena, "account.role.%s", role));
}

/* A scope as people read it: the region's name (code beside it) or the site id. */
static void scope_label(struct req *rq, struct strbuf *o, const char *scope)
{
	struct region r;
	if (strncmp(scope, "site:", 5) != 0 &&
	    region_get(rq->app->store, rq->arena, scope, &r) == OK)
		html_printf(o, "%s <code>%s</code>", region_display_name(rq, &r), scope);
	else
		html_printf(o, "<code>%s</code>", scope);
}

static void hidden_csrf(struct strbuf *o, const char *csrf)
{
	html_printf(o, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf);
}

/* A form that is just one button posting to action. */
static void button_form(struct strbuf *o, const char *csrf, const char *action, const char *label,
                        const char *cls)
{
	html_printf(o, "<form method=\"post\" action=\"%U\" class=\"inline %s\">", action, cls);
	hidden_csrf(o, csrf);
	html_printf(o, "<button type=\"submit\">%s</button></form>", label);
}

static void message(struct req *rq, struct strbuf *o, const char *key, bool error)
{
	if (!key)
		return;
	if (error)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, key));
	else
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>", T(rq, key));
}

static void profile(struct req *rq, struct strbuf *o, const struct principal *p, const char *csrf)
{
	const char *name = strcmp(rq->lang, "mn") == 0 && *p->name_mn ? p->name_mn : p->name_zh;
	html_printf(o,
	            "<section class=\"account-profile\"><h2>%s</h2><dl class=\"facts\">"
	            "<dt>%s</dt><dd class=\"name\">%s</dd><dt>%s</dt><dd class=\"login\">%s</dd>"
	            "<dt>%s</dt><dd>",
	            T(rq, "account.profile"), T(rq, "account.name"), *name ? name : p->login,
	            T(rq, "auth.login"), p->login, T(rq, "account.lang"));
	html_printf(o, "<form method=\"post\" action=\"/account/lang\" class=\"inline lang\">");
	hidden_csrf(o, csrf);
	html_printf(o,
	            "<select name=\"lang\"><option value=\"zh\"%R>中文</option>"
	            "<option value=\"mn\"%R>ᠮᠣᠩᠭᠣᠯ</option></select>"
	            "<button type=\"submit\">%s</button></form></dd><dt>%s</dt><dd><ul "
	            "class=\"grants\">",
	            strcmp(p->lang, "mn") == 0 ? "" : " selected",
	            strcmp(p->lang, "mn") == 0 ? " selected" : "", T(rq, "account.lang_save"),
	            T(rq, "account.grants"));
	for (size_t i = 0; i < p->ngrants; i++) {
		html_printf(o, "<li>%s · ", role_label(rq, p->grants[i].role));
		scope_label(rq, o, p->grants[i].scope);
		html_printf(o, "</li>");
	}
	if (!p->ngrants)
		html_printf(o, "<li>%s</li>", T(rq, "account.no_grants"));
	html_printf(o, "</ul></dd></dl></section>");
}

static void password_form(struct req *rq, struct strbuf *o, const struct account_page *pg,
                          const char *csrf)
{
	html_printf(o, "<section class=\"account-password\" id=\"password\"><h2>%s</h2>",
	            T(rq, "account.password_title"));
	if (pg->error_form && strcmp(pg->error_form, "password") == 0)
		message(rq, o, pg->error_key, true);
	html_printf(
	    o, "<form class=\"feedback password\" method=\"post\" action=\"/account/password\">");
	hidden_csrf(o, csrf);
	html_printf(o,
	            "<label>%s<input name=\"current\" type=\"password\" required maxlength=\"256\""
	            " autocomplete=\"current-password\"></label>"
	            "<label>%s<input name=\"password\" type=\"password\" required minlength=\"10\""
	            " maxlength=\"256\" autocomplete=\"new-password\"></label>"
	            "<label>%s<input name=\"password2\" type=\"password\" required minlength=\"10\""
	            " maxlength=\"256\" autocomplete=\"new-password\"></label>"
	            "<p class=\"hint\">%s</p><button type=\"submit\">%s</button></form></section>",
	            T(rq, "account.password_current"), T(rq, "account.password_new"),
	            T(rq, "account.password_repeat"), T(rq, "account.password_hint"),
	            T(rq, "account.password_title"));
}

static void sessions(struct req *rq, struct strbuf *o, const struct principal *p, const char *csrf)
{
	struct account_session *list;
	size_t n;
	const struct config *cfg = rq->app->cfg;
	html_printf(o, "<section class=\"account-sessions\" id=\"sessions\"><h2>%s</h2>",
	            T(rq, "account.sessions"));
	if (auth_sessions_list(rq->app->store, rq->arena, p->user_id, p->session_id,
	                       clock_wall_ms(), (int64_t)cfg->session_idle_s * 1000, &list,
	                       &n) != OK)
		n = 0;
	html_printf(o,
	            "<table class=\"sessions\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th></th></tr></thead><tbody>",
	            T(rq, "account.session_started"), T(rq, "account.session_last_seen"),
	            T(rq, "account.session_address"), T(rq, "account.session_agent"));
	for (size_t i = 0; i < n; i++) {
		const struct account_session *x = &list[i];
		html_printf(o, "<tr data-session=\"%ld\"%R><td>", (long)x->id,
		            x->current ? " class=\"current\" aria-current=\"true\"" : "");
		when(o, x->created_at);
		html_printf(o, "</td><td>");
		when(o, x->last_seen);
		html_printf(o, "</td><td>%s</td><td class=\"agent\">%s</td><td>", x->ip,
		            x->user_agent);
		if (x->current) {
			html_printf(o, "<strong>%s</strong>", T(rq, "account.session_current"));
		} else {
			const char *action = arena_printf(
			    rq->arena, "/account/sessions/%lld/revoke", (long long)x->id);
			button_form(o, csrf, action, T(rq, "account.session_end"), "end");
		}
		html_printf(o, "</td></tr>");
	}
	if (n == 0 || (n == 1 && list[0].current))
		html_printf(o, "<tr><td colspan=\"5\">%s</td></tr>", T(rq, "account.session_none"));
	html_printf(o, "</tbody></table>");
	button_form(o, csrf, "/account/sessions/revoke-all", T(rq, "account.sign_out_everywhere"),
	            "everywhere");
	html_printf(o, "</section>");
}

/* The roles the user may give a token: each held role once. */
static void role_options(struct req *rq, struct strbuf *o, const struct principal *p)
{
	for (size_t i = 0; i < p->ngrants; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(p->grants[j].role, p->grants[i].role) == 0;
		if (!seen)
			html_printf(o, "<option value=\"%s\">%s</option>", p->grants[i].role,
			            role_label(rq, p->grants[i].role));
	}
}

static void token_form(struct req *rq, struct strbuf *o, const struct principal *p,
                       const char *csrf)
{
	if (!p->ngrants) {
		html_printf(o, "<p class=\"hint\">%s</p>", T(rq, "account.token_no_roles"));
		return;
	}
	html_printf(o, "<form class=\"search token\" method=\"post\" action=\"/account/tokens\">");
	hidden_csrf(o, csrf);
	html_printf(o,
	            "<label>%s<input name=\"name\" required maxlength=\"64\"></label>"
	            "<label>%s<select name=\"role\">",
	            T(rq, "account.token_name"), T(rq, "account.token_role"));
	role_options(rq, o, p);
	html_printf(o,
	            "</select></label><label>%s<input name=\"scope\" required maxlength=\"17\""
	            " list=\"held-scopes\" value=\"%s\"></label><datalist id=\"held-scopes\">",
	            T(rq, "account.token_scope"), p->grants[0].scope);
	for (size_t i = 0; i < p->ngrants; i++)
		html_printf(o, "<option value=\"%s\">", p->grants[i].scope);
	html_printf(o, "</datalist><button type=\"submit\">%s</button></form>",
	            T(rq, "account.token_create"));
}

static void tokens(struct req *rq, struct strbuf *o, const struct principal *p,
                   const struct account_page *pg, const char *csrf)
{
	html_printf(o, "<section class=\"account-tokens\" id=\"tokens\"><h2>%s</h2>",
	            T(rq, "account.tokens"));
	if (pg->new_token)
		html_printf(o,
		            "<div class=\"new-token\" role=\"status\"><p>%s</p><p>%s: "
		            "<code class=\"token\">%s</code></p></div>",
		            T(rq, "account.token_once"),
		            pg->new_token_name ? pg->new_token_name : "", pg->new_token);
	if (pg->error_form && strcmp(pg->error_form, "token") == 0)
		message(rq, o, pg->error_key, true);
	struct account_token *list;
	size_t n;
	if (auth_tokens_list(rq->app->store, rq->arena, p->user_id, &list, &n) != OK)
		n = 0;
	if (n == 0) {
		html_printf(o, "<p>%s</p>", T(rq, "account.token_none"));
	} else {
		html_printf(o,
		            "<table class=\"tokens\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		            "<th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
		            T(rq, "account.token_name"), T(rq, "account.token_role"),
		            T(rq, "account.token_scope"), T(rq, "account.token_created"),
		            T(rq, "account.token_last_used"));
	}
	for (size_t i = 0; i < n; i++) {
		const struct account_token *t = &list[i];
		html_printf(o, "<tr data-token=\"%ld\"><td>%s</td><td>%s</td><td>", (long)t->id,
		            t->name, role_label(rq, t->role));
		scope_label(rq, o, t->scope);
		html_printf(o, "</td><td>");
		when(o, t->created_at);
		html_printf(o, "</td><td>");
		if (t->last_used)
			when(o, t->last_used);
		else
			html_printf(o, "%s", T(rq, "account.token_never"));
		html_printf(o, "</td><td>");
		button_form(
		    o, csrf,
		    arena_printf(rq->arena, "/account/tokens/%lld/revoke", (long long)t->id),
		    T(rq, "account.token_revoke"), "revoke");
		html_printf(o, "</td></tr>");
	}
	if (n)
		html_printf(o, "</tbody></table>");
	token_form(rq, o, p, csrf);
	html_printf(o, "</section>");
}

void auth_view_account(struct req *rq, struct resp *rs, const struct account_page *pg)
{
	const struct principal *p = rq->principal;
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, T(rq, "account.title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "account.title"));
	message(rq, o, pg->notice_key, false);
	if (!pg->error_form)
		message(rq, o, pg->error_key, true);
	profile(rq, o, p, csrf);
	if (auth_view_account_phone(rq, o, pg, csrf)) /* phone-only accounts have no password */
		password_form(rq, o, pg, csrf);
	sessions(rq, o, p, csrf);
	tokens(rq, o, p, pg, csrf);
	page_end(rq, rs);
}
