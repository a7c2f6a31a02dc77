/* test_app_routes.c: the whole route table, read from the router so no route can be
 * forgotten: every route declares a permission; the authorization matrix checks each route's
 * permission against a table written here, and every role's allow/deny at a region inside
 * and outside its grant against a role list written here (not read from auth_perm.c);
 * visitors reach only public routes; every /api/ route is documented in docs/openapi.yaml. */
#include "app/app.h"
#include "auth/auth.h"
#include "base/config.h"
#include "http/server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void test_every_route_declares_a_permission(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	struct router r = {0};
	app_mount_all(&r, &cfg);
	assert_true(r.n >= 10);
	for (size_t i = 0; i < r.n; i++) {
		assert_non_null(r.routes[i]->perm);
		assert_true(strlen(r.routes[i]->perm) > 0);
	}
	router_free(&r);
}

/* ---- the authorization matrix ---- */

/* Every route the server registers and the permission it must declare. A new route fails
 * the test until it is added here, so its permission is a decision someone wrote down. */
static const struct {
	const char *method, *pattern, *perm;
} route_perms[] = {
    {"GET", "/healthz", PERM_PUBLIC},
    {"GET", "/metrics", "ops.metrics"},
    {"GET", "/static/*path", PERM_PUBLIC},
    {"GET", "/", PERM_PUBLIC},
    {"GET", "/login", PERM_PUBLIC},
    {"POST", "/login", PERM_PUBLIC},
    {"POST", "/logout", PERM_SELF},
    {"POST", "/api/v1/sessions", PERM_PUBLIC},
    {"DELETE", "/api/v1/sessions/current", PERM_SELF},
    {"GET", "/api/v1/me", PERM_SELF},
    {"GET", "/account", PERM_SELF},
    {"POST", "/account/password", PERM_SELF},
    {"POST", "/account/lang", PERM_SELF},
    {"POST", "/account/sessions/:id/revoke", PERM_SELF},
    {"POST", "/account/sessions/revoke-all", PERM_SELF},
    {"POST", "/account/tokens", PERM_SELF},
    {"POST", "/account/tokens/:id/revoke", PERM_SELF},
    {"PUT", "/api/v1/me/password", PERM_SELF},
    {"GET", "/api/v1/me/sessions", PERM_SELF},
    {"DELETE", "/api/v1/me/sessions", PERM_SELF},
    {"DELETE", "/api/v1/me/sessions/:id", PERM_SELF},
    {"GET", "/api/v1/me/tokens", PERM_SELF},
    {"POST", "/api/v1/me/tokens", PERM_SELF},
    {"DELETE", "/api/v1/me/tokens/:id", PERM_SELF},
    {"GET", "/signup", PERM_PUBLIC},
    {"POST", "/signup/code", PERM_PUBLIC},
    {"POST", "/signup/verify", PERM_PUBLIC},
    {"POST", "/api/v1/auth/sms-code", PERM_PUBLIC},
    {"POST", "/api/v1/auth/sms-verify", PERM_PUBLIC},
    {"POST", "/account/phone/code", PERM_SELF},
    {"POST", "/account/phone/verify", PERM_SELF},
    {"POST", "/api/v1/me/phone/code", PERM_SELF},
    {"POST", "/api/v1/me/phone/verify", PERM_SELF},
    {"GET", "/admin", "console.use"},
    {"GET", "/admin/users", "user.read"},
    {"GET", "/api/v1/users", "user.read"},
    {"GET", "/admin/users/new", "user.manage"},
    {"POST", "/admin/users", "user.manage"},
    {"GET", "/admin/users/:id", "user.read"},
    {"GET", "/api/v1/users/:id", "user.read"},
    {"POST", "/admin/users/:id", "user.manage"},
    {"POST", "/admin/users/:id/grants", "user.manage"},
    {"POST", "/admin/users/:id/grants/delete", "user.manage"},
    {"POST", "/admin/users/:id/phone", "personal.unmask"},
    {"GET", "/admin/audit", "audit.read"},
    {"GET", "/admin/audit.csv", "audit.read"},
    {"GET", "/api/v1/audit", "audit.read"},
    {"GET", "/api/v1/regions", PERM_PUBLIC},
    {"GET", "/api/v1/regions/:code", PERM_PUBLIC},
    {"GET", "/regions", PERM_PUBLIC},
    {"GET", "/regions/:code", PERM_PUBLIC},
    {"GET", "/feedback", PERM_PUBLIC},
    {"POST", "/feedback", PERM_PUBLIC},
    {"POST", "/api/v1/feedback", PERM_PUBLIC},
    {"GET", "/search", PERM_PUBLIC},
    {"GET", "/api/v1/search", PERM_PUBLIC},
    {"GET", "/s/:slug", PERM_PUBLIC},
    {"GET", "/s/:slug/", PERM_PUBLIC},
    {"GET", "/s/:slug/feed.atom", PERM_PUBLIC},
    {"GET", "/s/:slug/feed.json", PERM_PUBLIC},
    {"GET", "/s/:slug/c/:column", PERM_PUBLIC},
    {"GET", "/s/:slug/c/:column/feed.atom", PERM_PUBLIC},
    {"GET", "/s/:slug/c/:column/feed.json", PERM_PUBLIC},
    {"GET", "/s/:slug/t/:tag", PERM_PUBLIC},
    {"GET", "/s/:slug/a/:id", PERM_PUBLIC},
    {"GET", "/s/:slug/a/:id/wechat", PERM_PUBLIC},
    {"POST", "/api/v1/media", "content.edit"},
    {"GET", "/api/v1/media", "content.edit"},
    {"GET", "/media/:sha256", PERM_PUBLIC},
    {"GET", "/admin/articles", "content.read_drafts"},
    {"GET", "/admin/articles/new", "content.edit"},
    {"POST", "/admin/articles", "content.edit"},
    {"GET", "/admin/articles/:id/edit", "content.edit"},
    {"POST", "/admin/articles/:id", "content.edit"},
    {"GET", "/admin/articles/:id/preview", "content.read_drafts"},
    {"POST", "/admin/articles/:id/transition", "console.use"},
    {"GET", "/admin/review", "content.publish"},
    {"GET", "/admin/articles/:id/revisions", "content.read_drafts"},
    {"POST", "/admin/articles/:id/restore", "content.edit"},
    {"GET", "/admin/articles/:id/placements", "content.read_drafts"},
    {"POST", "/admin/articles/:id/push", "content.publish"},
    {"POST", "/admin/articles/:id/hide", "content.publish"},
    {"GET", "/admin/media", "content.edit"},
    {"GET", "/admin/sites", "site.manage"},
    {"GET", "/admin/sites/new", "site.manage"},
    {"POST", "/admin/sites", "site.manage"},
    {"GET", "/admin/sites/:slug", "site.manage"},
    {"POST", "/admin/sites/:slug", "site.manage"},
    {"POST", "/admin/sites/:slug/columns", "site.manage"},
    {"POST", "/admin/sites/:slug/columns/new", "site.manage"},
    {"POST", "/admin/sites/:slug/editors", "site.manage"},
    {"GET", "/api/v1/sites", PERM_PUBLIC},
    {"GET", "/api/v1/sites/:slug", PERM_PUBLIC},
    {"GET", "/api/v1/articles", PERM_PUBLIC},
    {"GET", "/api/v1/articles/:id", PERM_PUBLIC},
    {"POST", "/api/v1/articles", "content.edit"},
    {"PUT", "/api/v1/articles/:id", "content.edit"},
    {"POST", "/api/v1/articles/:id/transition", PERM_SELF},
    {"POST", "/api/v1/articles/:id/push", "content.publish"},
    {"POST", "/api/v1/articles/:id/pull", "content.publish"},
    {"POST", "/api/v1/articles/:id/hide", "content.publish"},
    {"GET", "/api/v1/articles/:id/revisions", "content.read_drafts"},
    {"GET", "/api/v1/articles/:id/diff", "content.read_drafts"},
    {"POST", "/api/v1/articles/:id/restore", "content.edit"},
    {"GET", "/api/v1/quiz/questions", "quiz.manage"},
    {"POST", "/api/v1/quiz/questions", "quiz.manage"},
    {"GET", "/api/v1/quiz/questions/:id", "quiz.manage"},
    {"PUT", "/api/v1/quiz/questions/:id", "quiz.manage"},
    {"GET", "/api/v1/quiz/questions/:id/revisions", "quiz.manage"},
    {"GET", "/admin/quiz/questions", "quiz.manage"},
    {"GET", "/admin/quiz/questions/new", "quiz.manage"},
    {"GET", "/admin/quiz/questions/import", "quiz.manage"},
    {"POST", "/admin/quiz/questions/import", "quiz.manage"},
    {"GET", "/admin/quiz/questions/export", "quiz.manage"},
    {"POST", "/admin/quiz/questions", "quiz.manage"},
    {"GET", "/admin/quiz/questions/:id/edit", "quiz.manage"},
    {"POST", "/admin/quiz/questions/:id", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/:id/stats", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/:id/stats.csv", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/:id/stats.xlsx", "quiz.manage"},
    {"GET", "/r/:code", PERM_PUBLIC},
    {"GET", "/r/:code/card", PERM_PUBLIC},
    {"GET", "/r/:code/qr.png", PERM_PUBLIC},
    {"GET", "/r/:code/qr.svg", PERM_PUBLIC},
    {"GET", "/officer", PERM_SELF},
    {"POST", "/officer/register", PERM_SELF},
    {"POST", "/officer/links", PERM_SELF},
    {"POST", "/api/v1/officers", PERM_SELF},
    {"GET", "/api/v1/officers/me", PERM_SELF},
    {"GET", "/api/v1/officers/me/links", PERM_SELF},
    {"POST", "/api/v1/officers/me/links", PERM_SELF},
    {"GET", "/api/v1/officers/me/visits", PERM_SELF},
    {"GET", "/api/v1/officers", "org.manage"},
    {"POST", "/api/v1/officers/:id/status", "org.manage"},
    {"GET", "/admin/officers", "org.manage"},
    {"POST", "/admin/officers/:id/status", "org.manage"},
    {"GET", "/admin/officers/import", "org.manage"},
    {"POST", "/admin/officers/import", "org.manage"},
    {"POST", "/api/v1/officers/import", "org.manage"},
    {"GET", "/api/v1/quiz/campaigns", PERM_PUBLIC},
    {"POST", "/api/v1/quiz/campaigns", "quiz.manage"},
    {"GET", "/api/v1/quiz/campaigns/:id", PERM_PUBLIC},
    {"PUT", "/api/v1/quiz/campaigns/:id", "quiz.manage"},
    {"POST", "/api/v1/quiz/campaigns/:id/members", "quiz.manage"},
    {"POST", "/api/v1/quiz/campaigns/:id/members/import", "quiz.manage"},
    {"GET", "/api/v1/quiz/campaigns/:id/leaderboard", PERM_PUBLIC},
    {"GET", "/api/v1/quiz/campaigns/:id/review", "quiz.manage"},
    {"POST", "/api/v1/quiz/campaigns/:id/draw", "quiz.manage"},
    {"GET", "/api/v1/quiz/campaigns/:id/draw", PERM_PUBLIC},
    {"POST", "/api/v1/quiz/attempts", PERM_SELF},
    {"GET", "/api/v1/quiz/attempts/:id", PERM_SELF},
    {"PUT", "/api/v1/quiz/attempts/:id/answers/:position", PERM_SELF},
    {"POST", "/api/v1/quiz/attempts/:id/answers", PERM_SELF},
    {"POST", "/api/v1/quiz/attempts/:id/finish", PERM_SELF},
    {"POST", "/api/v1/quiz/attempts/:id/exclude", "quiz.manage"},
    {"GET", "/quiz", PERM_PUBLIC},
    {"GET", "/quiz/:id", PERM_PUBLIC},
    {"GET", "/quiz/:id/leaderboard", PERM_PUBLIC},
    {"POST", "/quiz/:id/start", PERM_SELF},
    {"GET", "/quiz/attempts/:id", PERM_SELF},
    {"GET", "/quiz/attempts/:id/q/:position", PERM_SELF},
    {"POST", "/quiz/attempts/:id/q/:position", PERM_SELF},
    {"POST", "/quiz/attempts/:id/finish", PERM_SELF},
    {"GET", "/admin/quiz/campaigns", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/new", "quiz.manage"},
    {"POST", "/admin/quiz/campaigns", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/:id", "quiz.manage"},
    {"POST", "/admin/quiz/campaigns/:id", "quiz.manage"},
    {"POST", "/admin/quiz/campaigns/:id/members", "quiz.manage"},
    {"GET", "/admin/quiz/campaigns/:id/review", "quiz.manage"},
    {"POST", "/admin/quiz/campaigns/:id/draw", "quiz.manage"},
    {"POST", "/admin/quiz/attempts/:id/exclude", "quiz.manage"},
    {"GET", "/api/v1/articles/:id/attachments", PERM_PUBLIC},
    {"POST", "/api/v1/articles/:id/attachments", "content.edit"},
    {"DELETE", "/api/v1/articles/:id/attachments/:media", "content.edit"},
    {"POST", "/admin/articles/:id/attachments", "content.edit"},
    {"POST", "/admin/articles/:id/attachments/delete", "content.edit"},
    {"GET", "/api/v1/officers/me/points", PERM_SELF},
    {"POST", "/api/v1/officers/me/signin", PERM_SELF},
    {"POST", "/officer/signin", PERM_SELF},
    {"GET", "/officer/points", PERM_SELF},
    {"GET", "/api/v1/officers/rankings", "org.manage"},
    {"GET", "/api/v1/officers/rankings/areas", PERM_PUBLIC},
    {"GET", "/api/v1/officers/me/rank", PERM_SELF},
    {"GET", "/admin/officers/rankings", "org.manage"},
    {"GET", "/api/v1/officers/tasks", PERM_PUBLIC},
    {"POST", "/api/v1/officers/tasks", "org.manage"},
    {"GET", "/admin/officers/tasks", "org.manage"},
    {"POST", "/admin/officers/tasks", "org.manage"},
    {"GET", "/api/v1/officers/flags", "org.manage"},
    {"POST", "/api/v1/officers/flags/:id", "org.manage"},
    {"GET", "/admin/officers/flags", "org.manage"},
    {"POST", "/admin/officers/flags/:id/review", "org.manage"},
    {"GET", "/api/v1/officers/honours", "org.manage"},
    {"GET", "/admin/officers/honours", "org.manage"},
    {"GET", "/admin/officers/honours.xlsx", "org.manage"},
    {"GET", "/admin/officers/honours.csv", "org.manage"},
    {"GET", "/api/v1/officers/map", PERM_PUBLIC},
    {"GET", "/admin/officers/dashboard", "report.read"},
};

/* What each role may do, written out here and not read from auth_perm.c: the matrix checks
 * the code against this list. "*" is every permission. */
static const struct {
	const char *role;
	const char *perms[8];
} role_expect[] = {
    {"admin", {"*"}},
    {"editor", {"console.use", "content.edit", "content.read_drafts", "feedback.read"}},
    {"reviewer",
     {"console.use", "content.review", "content.publish", "content.read_drafts", "feedback.read"}},
    {"quiz_manager", {"console.use", "quiz.manage"}},
    {"org_manager", {"console.use", "org.manage", "report.read", "user.read", "personal.unmask"}},
    {"expert", {"expert.answer"}},
    {"volunteer", {"volunteer.act"}},
    {"officer", {"officer.share"}},
    {"citizen", {"citizen.participate"}},
};

static const char *declared_perm(const struct route *rt)
{
	for (size_t i = 0; i < sizeof route_perms / sizeof route_perms[0]; i++)
		if (strcmp(route_perms[i].method, rt->method) == 0 &&
		    strcmp(route_perms[i].pattern, rt->pattern) == 0)
			return route_perms[i].perm;
	return NULL;
}

static bool role_expected_to_have(const char *role, const char *perm)
{
	for (size_t i = 0; i < sizeof role_expect / sizeof role_expect[0]; i++) {
		if (strcmp(role_expect[i].role, role) != 0)
			continue;
		for (size_t j = 0; j < 8 && role_expect[i].perms[j]; j++)
			if (strcmp(role_expect[i].perms[j], "*") == 0 ||
			    strcmp(role_expect[i].perms[j], perm) == 0)
				return true;
		return false;
	}
	fail_msg("role %s is not in this test's role list", role);
	return false;
}

/* A request for rt from client_ip, by p (NULL: a visitor), acting on scope target (put where
 * the route reads its scope: the path parameter or the query). */
static struct req matrix_req(struct arena *a, const struct route *rt, const char *client_ip,
                             struct principal *p, const char *target)
{
	struct req rq = {0};
	rq.arena = a;
	rq.method = rt->method;
	rq.route = rt;
	rq.principal = p;
	snprintf(rq.client_ip, sizeof rq.client_ip, "%s", client_ip);
	if (rt->scope_param && target) {
		char param[64];
		snprintf(param, sizeof param, ":%s", rt->scope_param);
		bool in_path = strstr(rt->pattern, param) != NULL;
		kvlist_add(a, in_path ? &rq.params : &rq.query, rt->scope_param, target,
		           strlen(target));
	}
	return rq;
}

/* The whole route table of a default configuration, and an arena for the requests. */
static void matrix_begin(struct config *cfg, struct router *r, struct arena *a)
{
	config_defaults(cfg);
	*r = (struct router){0};
	app_mount_all(r, cfg);
	arena_init(a, 4096);
}

static void matrix_end(struct router *r, struct arena *a)
{
	arena_free(a);
	router_free(r);
}

/* Every registered route × every role × a target inside and outside the grant's scope. */
static void test_authorization_matrix(void **state)
{
	struct config cfg;
	struct router r;
	struct arena a;
	matrix_begin(&cfg, &r, &a);
	/* the roles the code knows are the roles this test knows */
	size_t nroles = 0;
	for (const char *const *role = auth_roles; *role; role++, nroles++)
		(void)role_expected_to_have(*role, "-");
	assert_int_equal(nroles, sizeof role_expect / sizeof role_expect[0]);
	/* every table entry is still registered */
	for (size_t i = 0; i < sizeof route_perms / sizeof route_perms[0]; i++) {
		const struct route *found = NULL;
		for (size_t k = 0; k < r.n && !found; k++)
			if (strcmp(r.routes[k]->method, route_perms[i].method) == 0 &&
			    strcmp(r.routes[k]->pattern, route_perms[i].pattern) == 0)
				found = r.routes[k];
		if (!found)
			fail_msg("%s %s is in the matrix but not registered", route_perms[i].method,
			         route_perms[i].pattern);
	}
	size_t checked = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct route *rt = r.routes[i];
		const char *want = declared_perm(rt);
		if (!want)
			fail_msg("%s %s is not in the authorization matrix (route_perms)",
			         rt->method, rt->pattern);
		if (strcmp(want, rt->perm) != 0)
			fail_msg("%s %s declares %s, the matrix says %s", rt->method, rt->pattern,
			         rt->perm, want);
		bool public = strcmp(rt->perm, PERM_PUBLIC) == 0;
		bool self = strcmp(rt->perm, PERM_SELF) == 0;
		/* a grant over one league (1525); targets: a banner in it and another league */
		static const char *const targets[] = {"152502", "1501"};
		for (const char *const *role = auth_roles; *role; role++) {
			struct grant g = {1, *role, "1525"};
			struct principal p = {
			    .user_id = 7, .login = "u", .grants = &g, .ngrants = 1};
			for (size_t t = 0; t < 2; t++) {
				bool in_scope = t == 0 || !rt->scope_param;
				bool expect = public || self ||
				              (role_expected_to_have(*role, rt->perm) && in_scope);
				struct req rq = matrix_req(&a, rt, "203.0.113.7", &p, targets[t]);
				bool got = auth_access_check(&rq, rt) == 0;
				if (got != expect)
					fail_msg("%s %s (%s) as %s@1525 on %s: %s, expected %s",
					         rt->method, rt->pattern, rt->perm, *role,
					         targets[t], got ? "allowed" : "denied",
					         expect ? "allowed" : "denied");
				checked++;
			}
		}
		/* a signed-in user without any grant */
		struct principal none = {.user_id = 8, .login = "v"};
		struct req rq = matrix_req(&a, rt, "203.0.113.7", &none, "15");
		assert_int_equal(auth_access_check(&rq, rt) == 0, public || self);
	}
	assert_true(checked >= r.n * nroles * 2);
	matrix_end(&r, &a);
}

/* Visitors (no principal) reach only public routes — from anywhere, and (but for the
 * metrics scrape) from the machine itself; the fallback check without accounts agrees. */
static void test_visitors_only_public(void **state)
{
	struct config cfg;
	struct router r;
	struct arena a;
	matrix_begin(&cfg, &r, &a);
	for (size_t i = 0; i < r.n; i++) {
		const struct route *rt = r.routes[i];
		bool public = strcmp(rt->perm, PERM_PUBLIC) == 0;
		struct req remote = matrix_req(&a, rt, "203.0.113.7", NULL, "15");
		struct req local = matrix_req(&a, rt, "127.0.0.1", NULL, "15");
		if ((auth_access_check(&remote, rt) == 0) != public)
			fail_msg("%s %s: a visitor is %s", rt->method, rt->pattern,
			         public ? "denied" : "allowed");
		bool metrics = strcmp(rt->perm, "ops.metrics") == 0;
		assert_int_equal(auth_access_check(&local, rt) == 0, public || metrics);
		assert_int_equal(access_check_default(&remote, rt) == 0, public);
	}
	matrix_end(&r, &a);
}

static void test_api_routes_are_documented(void **state)
{
	char path[512];
	snprintf(path, sizeof path, "%s/docs/openapi.yaml", getenv("TALA_SOURCE_DIR"));
	char *spec = read_file(path);
	struct config cfg;
	config_defaults(&cfg);
	struct router r = {0};
	app_mount_all(&r, &cfg);
	for (size_t i = 0; i < r.n; i++) {
		const struct route *rt = r.routes[i];
		if (strncmp(rt->pattern, "/api/", 5) != 0)
			continue;
		/* "/api/v1/regions/:code" is written "/api/v1/regions/{code}:" in the spec */
		char want[256] = "  ";
		size_t o = 2;
		for (const char *p = rt->pattern; *p && o < sizeof want - 4;) {
			if (*p == ':') {
				want[o++] = '{';
				p++;
				while (*p && *p != '/' && o < sizeof want - 4)
					want[o++] = *p++;
				want[o++] = '}';
			} else {
				want[o++] = *p++;
			}
		}
		want[o++] = ':';
		want[o] = '\0';
		char *at = strstr(spec, want);
		if (!at)
			fail_msg("%s %s is not in docs/openapi.yaml", rt->method, rt->pattern);
		char method[16];
		snprintf(method, sizeof method, "    %s:", rt->method);
		for (char *m = method + 4; *m; m++)
			*m = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
		char *next_path = strstr(at + strlen(want), "\n  /");
		char *op = strstr(at, method);
		if (!op || (next_path && op > next_path))
			fail_msg("%s %s: method not documented", rt->method, rt->pattern);
	}
	router_free(&r);
	free(spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_declares_a_permission),
	    cmocka_unit_test(test_authorization_matrix),
	    cmocka_unit_test(test_visitors_only_public),
	    cmocka_unit_test(test_api_routes_are_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
