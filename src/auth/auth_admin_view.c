/* auth_admin_view.c: the staff console's user pages — the list with its search, a user with
 * their grants and the edit and grant forms, the new-user form, and the full phone number.
 * Phone numbers appear masked everywhere but on the phone page. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "region/region.h"

#include <string.h>

/* ---- pieces ---- */

static bool is_mn(struct req *rq)
{
	return strcmp(rq->lang, "mn") == 0;
}

/* Translates "<prefix><value>" (a role, a status, a language). */
static const char *label(struct req *rq, const char *prefix, const char *value)
{
	return T(rq, arena_printf(rq->arena, "%s%s", prefix, value));
}

/* "锡林郭勒盟 1525", or the code alone when it names no region. */
static void region_label(struct req *rq, struct strbuf *o, const char *code)
{
	struct region r;
	if (strncmp(code, "site:", 5) != 0 && region_get(rq->app->store, rq->arena, code, &r) == OK)
		html_printf(o, "%s <code>%s</code>", region_display_name(rq, &r), code);
	else
		html_printf(o, "<code>%s</code>", code);
}

/* The user's names: the Chinese one, and the Mongolian one written vertically inside a
 * Chinese page. */
static void names(struct req *rq, struct strbuf *o, const struct user_row *u)
{
	if (*u->name_zh)
		html_printf(o, "%s ", u->name_zh);
	if (*u->name_mn && is_mn(rq))
		html_printf(o, "%s", u->name_mn);
	else if (*u->name_mn)
		html_mn_text(o, u->name_mn);
}

static void grants_inline(struct req *rq, struct strbuf *o, const struct admin_user *u)
{
	for (size_t i = 0; i < u->ngrants; i++)
		html_printf(o, "%s%s <code>%s</code>", i ? "<br>" : "",
		            label(rq, "console.role.", u->grants[i].role), u->grants[i].scope);
}

static void back_to(struct req *rq, struct strbuf *o, const char *href, const char *key)
{
	html_printf(o, "<p class=\"crumbs\"><a href=\"%U\">%s</a></p>", href, T(rq, key));
}

/* Whether the note is about form. */
static bool note_on(const struct admin_note *note, const char *form)
{
	return note && note->form && strcmp(note->form, form) == 0;
}

/* The message of a refused form, naming the field. */
static void form_error(struct req *rq, struct strbuf *o, const struct admin_note *note,
                       const char *form)
{
	if (!note_on(note, form) || !note->error_key)
		return;
	html_printf(o, "<p class=\"error\" role=\"alert\">");
	if (note->field)
		html_printf(o, "<strong>%s</strong> ", label(rq, "console.field.", note->field));
	html_printf(o, "%s</p>", T(rq, note->error_key));
}

/* The value a field shows: what was submitted, when the note asks for it, else stored. */
static const char *value_of(struct req *rq, const struct admin_note *note, const char *form,
                            const char *name, const char *stored)
{
	if (note_on(note, form) && note->refill) {
		const char *v = req_form(rq, name);
		return v ? v : "";
	}
	return stored ? stored : "";
}

/* <label>Field<input name value attrs></label>; attrs is trusted markup. */
static void input(struct req *rq, struct strbuf *o, const struct admin_note *note, const char *form,
                  const char *name, const char *value, const char *attrs)
{
	bool bad = note_on(note, form) && note->field && strcmp(note->field, name) == 0;
	html_printf(o, "<label>%s<input name=\"%s\" value=\"%s\" %R%R></label>",
	            label(rq, "console.field.", name), name, value, attrs,
	            bad ? " aria-invalid=\"true\"" : "");
}

/* <label>Field<select name> with options labelled "<prefix><option>"</select></label>. */
static void choice(struct req *rq, struct strbuf *o, const char *name, const char *const *options,
                   const char *prefix, const char *selected)
{
	html_printf(o, "<label>%s<select name=\"%s\">", label(rq, "console.field.", name), name);
	for (const char *const *opt = options; *opt; opt++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", *opt,
		            selected && strcmp(*opt, selected) == 0 ? " selected" : "",
		            label(rq, prefix, *opt));
	html_printf(o, "</select></label>");
}

static const char *const langs[] = {"zh", "mn", NULL};
static const char *const statuses[] = {"active", "locked", "disabled", NULL};

static void csrf_field(struct req *rq, struct resp *rs)
{
	html_printf(&rs->body, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
	            auth_csrf_token(rq, rs));
}

/* ---- the list ---- */

static void search_form(struct req *rq, struct strbuf *o, const struct user_filter *f)
{
	html_printf(o,
	            "<form class=\"search\" method=\"get\" action=\"/admin/users\">"
	            "<label>%s<input name=\"q\" value=\"%s\" maxlength=\"100\"></label>"
	            "<label>%s<input name=\"region\" value=\"%s\" maxlength=\"12\""
	            " inputmode=\"numeric\"></label><button type=\"submit\">%s</button></form>",
	            T(rq, "console.users.search"), f->q ? f->q : "", T(rq, "console.field.region"),
	            f->region ? f->region : "", T(rq, "console.users.search_button"));
}

/* Whether the account's number was proven by an SMS code; with the time on the user page. */
static void phone_state(struct req *rq, struct strbuf *o, const struct user_row *r, bool when)
{
	if (!r->phone_verified_at) {
		html_printf(o, " <span class=\"phone-state unverified\">%s</span>",
		            T(rq, "signup.phone_unverified"));
		return;
	}
	char at[32], day[11];
	clock_format_rfc3339(r->phone_verified_at, at);
	memcpy(day, at, 10); /* YYYY-MM-DD */
	day[10] = 0;
	html_printf(o, " <span class=\"phone-state verified\">%s", T(rq, "signup.phone_verified"));
	if (when)
		html_printf(o, " <time datetime=\"%s\">%s</time>", at, day);
	html_printf(o, "</span>");
}

static void user_line(struct req *rq, struct strbuf *o, const struct admin_user *u)
{
	const struct user_row *r = &u->row;
	html_printf(o, "<tr><td><a href=\"/admin/users/%ld\">%s</a></td><td>", (long)r->id,
	            r->login);
	names(rq, o, r);
	html_printf(o, "</td><td>");
	region_label(rq, o, r->region_code);
	html_printf(o, "</td><td>%s</td><td>", label(rq, "console.status.", r->status));
	grants_inline(rq, o, u);
	html_printf(o, "</td><td class=\"phone\">%s", u->phone_masked ? u->phone_masked : "—");
	if (u->phone_masked)
		phone_state(rq, o, r, false);
	html_printf(o, "</td></tr>");
}

void auth_view_users(struct req *rq, struct resp *rs, const struct user_filter *f,
                     const struct admin_user *users, size_t n, int64_t total, int64_t next,
                     bool can_create)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "console.users.title"));
	back_to(rq, o, "/admin", "console.title");
	html_printf(o, "<h1>%s</h1>", T(rq, "console.users.title"));
	search_form(rq, o, f);
	if (can_create)
		html_printf(o, "<p><a href=\"/admin/users/new\">%s</a></p>",
		            T(rq, "console.users.new"));
	html_printf(o, "<p class=\"count\">%s <span class=\"total\">%ld</span></p>",
	            T(rq, "console.users.total"), (long)total);
	if (!n) {
		html_printf(o, "<p>%s</p>", T(rq, "console.users.none"));
	} else {
		html_printf(o,
		            "<table class=\"users\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		            T(rq, "console.field.login"), T(rq, "console.users.names"),
		            T(rq, "console.field.region"), T(rq, "console.field.status"),
		            T(rq, "console.user.grants"), T(rq, "console.field.phone"));
		for (size_t i = 0; i < n; i++)
			user_line(rq, o, &users[i]);
		html_printf(o, "</tbody></table>");
	}
	if (next) {
		html_printf(o, "<p><a rel=\"next\" href=\"/admin/users?cursor=%ld", (long)next);
		if (f->q)
			html_printf(o, "&amp;q=%u", f->q);
		if (f->region)
			html_printf(o, "&amp;region=%u", f->region);
		html_printf(o, "\">%s</a></p>", T(rq, "console.users.next"));
	}
	page_end(rq, rs);
}

/* ---- a new user ---- */

void auth_view_user_new(struct req *rq, struct resp *rs, const struct admin_note *note)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "console.users.new"));
	back_to(rq, o, "/admin/users", "console.users.title");
	html_printf(o, "<h1>%s</h1>", T(rq, "console.users.new"));
	form_error(rq, o, note, "new");
	html_printf(o, "<form class=\"user\" method=\"post\" action=\"/admin/users\">");
	csrf_field(rq, rs);
	input(rq, o, note, "new", "login", value_of(rq, note, "new", "login", NULL),
	      "required maxlength=\"32\" autocomplete=\"off\"");
	html_printf(o,
	            "<label>%s<input name=\"password\" type=\"password\" required"
	            " minlength=\"10\" maxlength=\"256\" autocomplete=\"new-password\"></label>",
	            T(rq, "console.field.password"));
	input(rq, o, note, "new", "name_zh", value_of(rq, note, "new", "name_zh", NULL),
	      "maxlength=\"64\"");
	input(rq, o, note, "new", "name_mn", value_of(rq, note, "new", "name_mn", NULL),
	      "maxlength=\"64\" lang=\"mn-Mong\"");
	input(rq, o, note, "new", "region", value_of(rq, note, "new", "region", NULL),
	      "required maxlength=\"12\" inputmode=\"numeric\"");
	input(rq, o, note, "new", "phone", value_of(rq, note, "new", "phone", NULL),
	      "maxlength=\"24\" inputmode=\"tel\" autocomplete=\"off\"");
	const char *lang = value_of(rq, note, "new", "lang", rq->lang);
	choice(rq, o, "lang", langs, "lang.", *lang ? lang : rq->lang);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "console.users.create"));
	page_end(rq, rs);
}

/* ---- one user ---- */

static void facts(struct req *rq, struct resp *rs, struct strbuf *o, const struct admin_user *u,
                  bool can_unmask)
{
	const struct user_row *r = &u->row;
	html_printf(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
	            T(rq, "console.field.login"), r->login, T(rq, "console.users.names"));
	names(rq, o, r);
	html_printf(o, "</dd><dt>%s</dt><dd>", T(rq, "console.field.region"));
	region_label(rq, o, r->region_code);
	html_printf(o, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
	            T(rq, "console.field.status"), label(rq, "console.status.", r->status),
	            T(rq, "console.field.lang"), label(rq, "lang.", r->lang),
	            T(rq, "console.field.phone"));
	if (u->phone_masked) {
		html_printf(o, "<span class=\"phone\">%s</span>", u->phone_masked);
		phone_state(rq, o, r, true);
		if (can_unmask)
			html_printf(
			    o,
			    " <form class=\"inline\" method=\"post\""
			    " action=\"/admin/users/%ld/phone\"><input type=\"hidden\""
			    " name=\"_csrf\" value=\"%s\"><button type=\"submit\">%s</button>"
			    "</form>",
			    (long)r->id, auth_csrf_token(rq, rs), T(rq, "console.user.phone_show"));
	} else {
		html_printf(o, "%s", T(rq, "console.user.phone_none"));
	}
	html_printf(o, "</dd></dl>");
}

/* A form posting role and scope to action (grant, or revoke one grant). */
static void grant_form_open(struct req *rq, struct resp *rs, const struct user_row *r,
                            const char *action)
{
	html_printf(&rs->body,
	            "<form class=\"inline\" method=\"post\" action=\"/admin/users/%ld%R\">",
	            (long)r->id, action);
	csrf_field(rq, rs);
}

static void grants_table(struct req *rq, struct resp *rs, const struct admin_user *u,
                         bool can_manage)
{
	struct strbuf *o = &rs->body;
	html_printf(o, "<h2>%s</h2>", T(rq, "console.user.grants"));
	if (!u->ngrants) {
		html_printf(o, "<p>%s</p>", T(rq, "console.user.no_grants"));
		return;
	}
	html_printf(
	    o, "<table class=\"grants\"><thead><tr><th>%s</th><th>%s</th>%R</tr></thead><tbody>",
	    T(rq, "console.field.role"), T(rq, "console.field.scope"),
	    can_manage ? "<th></th>" : "");
	for (size_t i = 0; i < u->ngrants; i++) {
		const struct grant *g = &u->grants[i];
		html_printf(o, "<tr><td>%s</td><td>", label(rq, "console.role.", g->role));
		region_label(rq, o, g->scope);
		html_printf(o, "</td>");
		if (can_manage) {
			html_printf(o, "<td>");
			grant_form_open(rq, rs, &u->row, "/grants/delete");
			html_printf(o,
			            "<input type=\"hidden\" name=\"role\" value=\"%s\">"
			            "<input type=\"hidden\" name=\"scope\" value=\"%s\">"
			            "<button type=\"submit\">%s</button></form></td>",
			            g->role, g->scope, T(rq, "console.grant.revoke"));
		}
		html_printf(o, "</tr>");
	}
	html_printf(o, "</tbody></table>");
}

static void grant_form(struct req *rq, struct resp *rs, const struct admin_user *u,
                       const struct admin_note *note)
{
	struct strbuf *o = &rs->body;
	html_printf(o, "<h3>%s</h3>", T(rq, "console.grant.add"));
	form_error(rq, o, note, "grant");
	grant_form_open(rq, rs, &u->row, "/grants");
	choice(rq, o, "role", auth_roles, "console.role.",
	       value_of(rq, note, "grant", "role", NULL));
	input(rq, o, note, "grant", "scope", value_of(rq, note, "grant", "scope", NULL),
	      "required maxlength=\"24\"");
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "console.grant.add"));
}

static void edit_form(struct req *rq, struct resp *rs, const struct admin_user *u,
                      const struct admin_note *note)
{
	struct strbuf *o = &rs->body;
	const struct user_row *r = &u->row;
	html_printf(o, "<h2>%s</h2>", T(rq, "console.user.edit"));
	form_error(rq, o, note, "edit");
	html_printf(o, "<form class=\"user\" method=\"post\" action=\"/admin/users/%ld\">",
	            (long)r->id);
	csrf_field(rq, rs);
	/* the version this form was made from: a save after someone else's answers 409 */
	html_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%ld\">", (long)r->version);
	input(rq, o, note, "edit", "name_zh", value_of(rq, note, "edit", "name_zh", r->name_zh),
	      "maxlength=\"64\"");
	input(rq, o, note, "edit", "name_mn", value_of(rq, note, "edit", "name_mn", r->name_mn),
	      "maxlength=\"64\" lang=\"mn-Mong\"");
	input(rq, o, note, "edit", "region", value_of(rq, note, "edit", "region", r->region_code),
	      "required maxlength=\"12\" inputmode=\"numeric\"");
	choice(rq, o, "status", statuses, "console.status.",
	       value_of(rq, note, "edit", "status", r->status));
	choice(rq, o, "lang", langs, "lang.", value_of(rq, note, "edit", "lang", r->lang));
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(rq, "console.user.save"));
}

void auth_view_user(struct req *rq, struct resp *rs, const struct admin_user *u,
                    const struct admin_note *note, bool can_manage, bool can_unmask)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, u->row.login);
	back_to(rq, o, "/admin/users", "console.users.title");
	html_printf(o, "<h1>%s</h1>", u->row.login);
	if (note && note->notice_key)
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
		            T(rq, note->notice_key));
	if (note && note->error_key && !note->form)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, note->error_key));
	facts(rq, rs, o, u, can_unmask);
	grants_table(rq, rs, u, can_manage);
	if (can_manage) {
		grant_form(rq, rs, u, note);
		edit_form(rq, rs, u, note);
	}
	page_end(rq, rs);
}

void auth_view_user_phone(struct req *rq, struct resp *rs, const struct admin_user *u,
                          const char *phone)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "console.field.phone"));
	back_to(rq, o, arena_printf(rq->arena, "/admin/users/%ld", (long)u->row.id),
	        "console.user.back");
	html_printf(o, "<h1>%s</h1><dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
	            T(rq, "console.field.phone"), T(rq, "console.field.login"), u->row.login,
	            T(rq, "console.field.phone"));
	if (phone)
		html_printf(
		    o, "<span class=\"phone full\">%s</span></dd></dl><p class=\"notice\">%s</p>",
		    phone, T(rq, "console.user.phone_audited"));
	else
		html_printf(o, "%s</dd></dl>", T(rq, "console.user.phone_none"));
	page_end(rq, rs);
}
