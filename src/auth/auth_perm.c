/* auth_perm.c: the one table of roles and their permissions, scope coverage, and the
 * access check every route goes through. */
#include "auth/auth.h"
#include "base/common.h"

#include <ctype.h>
#include <string.h>

const char *const auth_roles[] = {"admin",  "editor",    "reviewer", "quiz_manager", "org_manager",
                                  "expert", "volunteer", "officer",  "citizen",      NULL};

/* role → permissions; "admin" has every permission and is not listed. */
static const struct {
	const char *role;
	const char *perms[12];
} role_perms[] = {
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

bool auth_role_valid(const char *role)
{
	for (const char *const *r = auth_roles; *r; r++)
		if (strcmp(*r, role) == 0)
			return true;
	return false;
}

bool auth_role_has(const char *role, const char *perm)
{
	if (strcmp(role, "admin") == 0)
		return auth_role_valid(role);
	for (size_t i = 0; i < ARRAY_LEN(role_perms); i++) {
		if (strcmp(role_perms[i].role, role) != 0)
			continue;
		for (size_t j = 0; j < ARRAY_LEN(role_perms[i].perms) && role_perms[i].perms[j];
		     j++)
			if (strcmp(role_perms[i].perms[j], perm) == 0)
				return true;
	}
	return false;
}

bool auth_scope_valid(const char *scope)
{
	if (!scope)
		return false;
	const char *digits = strncmp(scope, "site:", 5) == 0 ? scope + 5 : scope;
	size_t n = strlen(digits);
	if (n < 1 || n > 12 || (digits == scope && n < 2))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)digits[i]))
			return false;
	return true;
}

bool auth_scope_covers(const char *grant_scope, const char *target)
{
	if (!target)
		return true;
	bool grant_site = strncmp(grant_scope, "site:", 5) == 0;
	bool target_site = strncmp(target, "site:", 5) == 0;
	if (grant_site || target_site)
		return grant_site && target_site && strcmp(grant_scope, target) == 0;
	/* GB/T 2260 codes nest by prefix: 15 ⊃ 1525 ⊃ 152502 ⊃ 152502001 ⊃ 152502001001 */
	return strncmp(target, grant_scope, strlen(grant_scope)) == 0;
}

bool auth_can(const struct principal *p, const char *perm, const char *target)
{
	if (strcmp(perm, PERM_PUBLIC) == 0)
		return true;
	if (!p)
		return false;
	if (strcmp(perm, PERM_SELF) == 0)
		return true;
	for (size_t i = 0; i < p->ngrants; i++)
		if (auth_role_has(p->grants[i].role, perm) &&
		    auth_scope_covers(p->grants[i].scope, target))
			return true;
	return false;
}

size_t auth_scopes(const struct principal *p, const char *perm, struct arena *a, const char ***out)
{
	*out = NULL;
	if (!p || !p->ngrants)
		return 0;
	const char **list = arena_alloc(a, p->ngrants * sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < p->ngrants; i++)
		if (auth_role_has(p->grants[i].role, perm))
			list[n++] = p->grants[i].scope;
	*out = list;
	return n;
}

const struct principal *auth_principal(const struct req *rq)
{
	return rq->principal;
}

int auth_access_check(struct req *rq, const struct route *route)
{
	/* metrics scrapers on the machine itself need no account */
	if (strcmp(route->perm, "ops.metrics") == 0 &&
	    (strncmp(rq->client_ip, "127.", 4) == 0 || strcmp(rq->client_ip, "::1") == 0))
		return OK;
	const char *target = NULL;
	if (route->scope_param) {
		target = req_param(rq, route->scope_param);
		if (!target)
			target = req_query(rq, route->scope_param);
		if (target && !*target)
			target = NULL;
	}
	return auth_can(rq->principal, route->perm, target) ? OK : ERR;
}
