/* auth_view.c: the sign-in page. */
#include "auth/auth.h"
#include "auth/auth_view.h"
#include "html/html.h"

void auth_view_login(struct req *rq, struct resp *rs, const char *next, const char *login,
                     const char *error_key)
{
	struct strbuf *o = &rs->body;
	const char *csrf = auth_csrf_token(rq, rs);
	page_begin(rq, rs, T(rq, "auth.sign_in"));
	html_printf(o, "<h1>%s</h1>", T(rq, "auth.sign_in"));
	if (error_key)
		html_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", T(rq, error_key));
	html_printf(
	    o,
	    "<form class=\"login\" method=\"post\" action=\"/login\">"
	    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\">"
	    "<label>%s<input name=\"login\" required maxlength=\"64\" autocomplete=\"username\""
	    " value=\"%s\"></label>"
	    "<label>%s<input name=\"password\" type=\"password\" required maxlength=\"256\""
	    " autocomplete=\"current-password\"></label>"
	    "<button type=\"submit\">%s</button></form>",
	    csrf, next ? next : "/", T(rq, "auth.login"), login ? login : "",
	    T(rq, "auth.password"), T(rq, "auth.sign_in"));
	html_printf(o, "<p class=\"signup-link\"><a href=\"/signup\">%s</a></p>",
	            T(rq, "signup.title"));
	page_end(rq, rs);
}
