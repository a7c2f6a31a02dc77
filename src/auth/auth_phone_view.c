/* auth_phone_view.c: the pages of signing in and up by SMS code — the number, the code, and
 * on a first sign-in the profile (name, language, league → county → township, one level per
 * step so it works without JavaScript) — and the phone section of the account page. Sized
 * for a 360-px phone (web/css/tala.css, "signup"); every form carries a CSRF token. */
#include "auth/auth_phone.h"
#include "auth/auth_phone_view.h"
#include "base/common.h"
#include "html/html.h"
#include "region/region.h"

#include <string.h>

static void hidden(struct strbuf *o, const char *name, const char *value)
{
	if (value)
		html_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value);
}

static void error_line(struct req *rq, struct strbuf *o, const char *key)
{
	if (key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, key));
}

static void phone_input(struct req *rq, struct strbuf *o, const char *value)
{
	html_printf(o,
	            "<label>%s<input name=\"phone\" type=\"tel\" inputmode=\"tel\" required"
	            " maxlength=\"20\" autocomplete=\"tel\" value=\"%s\"></label>",
	            T(rq, "signup.phone"), value ? value : "");
}

static void code_input(struct req *rq, struct strbuf *o)
{
	html_printf(o,
	            "<label>%s<input name=\"code\" inputmode=\"numeric\" required minlength=\"6\""
	            " maxlength=\"6\" pattern=\"[0-9]{6}\" autocomplete=\"one-time-code\"></label>",
	            T(rq, "signup.code"));
}

static void begin(struct req *rq, struct resp *rs, const char *title_key)
{
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, T(rq, title_key));
	html_printf(&rs->body, "<h1>%s</h1>", T(rq, title_key));
}

void auth_view_signup_phone(struct req *rq, struct resp *rs, const char *phone, const char *next,
                            const char *error_key)
{
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	begin(rq, rs, "signup.title");
	html_printf(o, "<p class=\"hint\">%s</p>", T(rq, "signup.intro"));
	error_line(rq, o, error_key);
	html_printf(
	    o, "<form class=\"feedback signup phone\" method=\"post\" action=\"/signup/code\">");
	hidden(o, "_csrf", csrf);
	hidden(o, "next", next);
	phone_input(rq, o, phone);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "signup.send"));
	html_printf(o, "<p><a href=\"/login\">%s</a></p>", T(rq, "signup.with_password"));
	page_end(rq, rs);
}

void auth_view_signup_code(struct req *rq, struct resp *rs, const char *phone, const char *next,
                           const char *error_key)
{
	if (!phone) {
		auth_view_signup_phone(rq, rs, NULL, next, error_key);
		return;
	}
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	begin(rq, rs, "signup.title");
	html_printf(o, "<p class=\"notice\" role=\"status\">%s <span class=\"phone\">%s</span></p>",
	            T(rq, "signup.code_sent"), auth_mask(rq->arena, phone));
	error_line(rq, o, error_key);
	html_printf(
	    o, "<form class=\"feedback signup code\" method=\"post\" action=\"/signup/verify\">");
	hidden(o, "_csrf", csrf);
	hidden(o, "phone", phone);
	hidden(o, "next", next);
	code_input(rq, o);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "signup.verify"));
	html_printf(o, "<form class=\"signup resend\" method=\"post\" action=\"/signup/code\">");
	hidden(o, "_csrf", csrf);
	hidden(o, "phone", phone);
	hidden(o, "next", next);
	html_printf(o, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
	            T(rq, "signup.resend"));
	html_printf(o, "<p><a href=\"/signup\">%s</a></p>", T(rq, "signup.other_number"));
	page_end(rq, rs);
}

/* A select of parent's children named name, chosen selected, or nothing when parent is NULL.
 * focus marks the level just opened, so a phone scrolls it into view (on a vertical page the
 * new chooser is a column to the right, possibly past the screen's edge). */
static void region_select(struct req *rq, struct strbuf *o, const char *name, const char *label,
                          const char *parent, const char *chosen, bool focus)
{
	if (!parent)
		return;
	struct region_list list;
	if (region_children(rq->app->store, rq->arena, parent, NULL, 500, &list) != OK ||
	    list.n == 0)
		return;
	html_printf(o, "<label>%s<select name=\"%s\"%R><option value=\"\">%s</option>",
	            T(rq, label), name, focus ? " autofocus" : "", T(rq, "signup.choose"));
	for (size_t i = 0; i < list.n; i++) {
		const struct region *r = &list.items[i];
		html_printf(o, "<option value=\"%s\"%R>%s</option>", r->code,
		            chosen && strcmp(chosen, r->code) == 0 ? " selected" : "",
		            region_display_name(rq, r));
	}
	html_printf(o, "</select></label>");
}

void auth_view_signup_profile(struct req *rq, struct resp *rs, const char *phone, const char *code,
                              const char *next, const struct signup_profile *f,
                              const char *error_key)
{
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	const char *lang = f->lang ? f->lang : rq->lang;
	begin(rq, rs, "signup.profile_title");
	html_printf(o, "<p class=\"hint\">%s</p>", T(rq, "signup.profile_intro"));
	error_line(rq, o, error_key);
	html_printf(
	    o,
	    "<form class=\"feedback signup profile\" method=\"post\" action=\"/signup/verify\">");
	hidden(o, "_csrf", csrf);
	hidden(o, "phone", phone);
	hidden(o, "code", code);
	hidden(o, "next", next);
	html_printf(o,
	            "<label>%s<input name=\"name\" required maxlength=\"64\" autocomplete=\"name\""
	            " value=\"%s\"></label>"
	            "<label>%s<select name=\"lang\"><option value=\"zh\"%R>中文</option>"
	            "<option value=\"mn\"%R>ᠮᠣᠩᠭᠣᠯ</option></select></label>",
	            T(rq, "signup.name"), f->name ? f->name : "", T(rq, "signup.lang"),
	            strcmp(lang, "mn") == 0 ? "" : " selected",
	            strcmp(lang, "mn") == 0 ? " selected" : "");
	region_select(rq, o, "league", "signup.league", "15", f->league, false);
	region_select(rq, o, "county", "signup.county", f->league, f->county, !f->county);
	region_select(rq, o, "township", "signup.township", f->county, f->township, !f->township);
	html_printf(o, "<button type=\"submit\">%s</button></form>",
	            T(rq, f->township ? "signup.create" : "signup.continue"));
	page_end(rq, rs);
}

bool auth_view_account_phone(struct req *rq, struct strbuf *o, const struct account_page *pg,
                             const char *csrf)
{
	const struct principal *p = rq->principal;
	struct user_row u;
	bool found = auth_user_by_id(rq->app->store, rq->arena, p->user_id, &u) == OK;
	const char *phone =
	    found && u.phone_len ? auth_phone_open(rq->arena, u.phone_enc, u.phone_len) : NULL;
	html_printf(o,
	            "<section class=\"account-phone\" id=\"phone\"><h2>%s</h2><dl class=\"facts\">"
	            "<dt>%s</dt><dd class=\"phone\">%s</dd><dt>%s</dt><dd class=\"verified\">%s"
	            "</dd></dl>",
	            T(rq, "signup.phone_title"), T(rq, "signup.phone"),
	            phone ? auth_mask(rq->arena, phone) : T(rq, "signup.phone_none"),
	            T(rq, "signup.phone_state"),
	            T(rq, p->phone_verified ? "signup.phone_verified" : "signup.phone_unverified"));
	if (pg->error_form && strcmp(pg->error_form, "phone") == 0)
		error_line(rq, o, pg->error_key);
	if (pg->phone_sent) {
		html_printf(
		    o, "<p class=\"notice\" role=\"status\">%s <span class=\"phone\">%s</span></p>",
		    T(rq, "signup.code_sent"), auth_mask(rq->arena, pg->phone_sent));
		html_printf(o, "<form class=\"feedback signup code\" method=\"post\""
		               " action=\"/account/phone/verify\">");
		hidden(o, "_csrf", csrf);
		hidden(o, "phone", pg->phone_sent);
		code_input(rq, o);
		html_printf(o, "<button type=\"submit\">%s</button></form>",
		            T(rq, "signup.verify_phone"));
	} else {
		html_printf(o, "<form class=\"feedback signup phone\" method=\"post\""
		               " action=\"/account/phone/code\">");
		hidden(o, "_csrf", csrf);
		phone_input(rq, o, NULL);
		html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "signup.send"));
	}
	html_printf(o, "</section>");
	return !found || strcmp(u.password_hash, AUTH_NO_PASSWORD) != 0;
}
