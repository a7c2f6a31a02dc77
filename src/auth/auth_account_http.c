/* auth_account_http.c: "my account" — change password, sessions (list, end one, sign out
 * everywhere), API tokens (create, list, revoke). */
#include "auth/auth.h"

void auth_account_mount(struct router *r)
{
	(void)r; /* routes are added here as the account pages are written */
}
