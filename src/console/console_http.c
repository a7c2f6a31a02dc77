/* console_http.c: GET /admin, the console's entry page. Its navigation is one table of
 * {permission, link, label}; an entry shows when auth_can says the user holds the
 * permission in some scope — the page itself decides nothing else. */
#include "console/console.h"
#include "auth/auth.h"
#include "base/common.h"

/* Every part of the console, in display order. (Feedback review, feedback.read, joins when
 * its pages exist.) */
static const struct console_entry entries[] = {
    {"user.read", "/admin/users", "console.nav.users", "console.nav.users_about"},
    {"audit.read", "/admin/audit", "console.nav.audit", "console.nav.audit_about"},
    {"content.edit", "/admin/articles", "editor.nav.articles", "editor.nav.articles_about"},
    {"content.publish", "/admin/review", "editor.nav.review", "editor.nav.review_about"},
    {"quiz.manage", "/admin/quiz/questions", "quiz_bank.nav.questions",
     "quiz_bank.nav.questions_about"},
    {"site.manage", "/admin/sites", "sites.nav", "sites.nav_about"},
    {"org.manage", "/admin/officers", "officer.nav.officers", "officer.nav.officers_about"},
    {"quiz.manage", "/admin/quiz/campaigns", "quiz.nav", "quiz.nav_about"},
};

/* GET /admin */
static int console_shell(struct req *rq, struct resp *rs)
{
	const struct principal *p = auth_principal(rq);
	const struct console_entry *shown[ARRAY_LEN(entries)];
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(entries); i++)
		if (auth_can(p, entries[i].perm, NULL))
			shown[n++] = &entries[i];
	resp_header(rs, "Cache-Control", "no-store");
	console_view_shell(rq, rs, shown, n);
	return OK;
}

void console_mount(struct router *r)
{
	router_add(r, "GET", "/admin", "console.use", console_shell);
}
