/* auth_phone_view.h: the pages of signing in and up by SMS code (auth_phone_view.c). */
#ifndef TALA_AUTH_PHONE_VIEW_H
#define TALA_AUTH_PHONE_VIEW_H

#include "auth/auth.h"

/* What the profile step of a first sign-in has so far (each may be NULL). */
struct signup_profile {
	const char *name, *lang;
	const char *league, *county, *township; /* the page's chooser */
	const char *region;                     /* the deepest of them (or the API's field) */
};

/* Step 1: the number (refilled from phone), error_key (may be NULL) above the form. */
void auth_view_signup_phone(struct req *rq, struct resp *rs, const char *phone, const char *next,
                            const char *error_key);
/* Step 2: the code sent to phone (shown masked), with resend; phone NULL falls back to step 1. */
void auth_view_signup_code(struct req *rq, struct resp *rs, const char *phone, const char *next,
                           const char *error_key);
/* Step 3, a number without an account: name, language, league → county → township (each
 * level's list appears once the one above is chosen). phone and code ride along hidden. */
void auth_view_signup_profile(struct req *rq, struct resp *rs, const char *phone, const char *code,
                              const char *next, const struct signup_profile *f,
                              const char *error_key);
/* The account page's phone section: the number (masked) and whether it is verified, the
 * form for a code or, after pg->phone_sent, for entering it. Returns whether the account
 * has a password (phone-only accounts get no password form). */
bool auth_view_account_phone(struct req *rq, struct strbuf *o, const struct account_page *pg,
                             const char *csrf);

#endif
