/* auth_admin_http.c: the staff console's user pages — users and grants within the
 * signed-in admin's scope. */
#include "auth/auth.h"

void auth_admin_mount(struct router *r)
{
	(void)r; /* routes are added here as the console pages are written */
}
