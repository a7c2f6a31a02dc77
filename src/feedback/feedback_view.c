/* feedback_view.c: the feedback form page and its thank-you state. */
#include "feedback/feedback.h"
#include "auth/auth.h"
#include "html/html.h"

void feedback_view_form(struct req *rq, struct resp *rs, bool sent)
{
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "feedback.title"));
	html_printf(o, "<h1>%s</h1>", T(rq, "feedback.title"));
	if (sent) {
		html_printf(o, "<p class=\"thanks\">%s</p><p><a href=\"/feedback\">%s</a></p>",
		            T(rq, "feedback.thanks"), T(rq, "feedback.another"));
		page_end(rq, rs);
		return;
	}
	html_printf(
	    o,
	    "<p>%s</p><form class=\"feedback\" method=\"post\" action=\"/feedback\">"
	    "<label>%s<textarea name=\"body\" required maxlength=\"%d\" "
	    "rows=\"6\"></textarea></label>"
	    "<label>%s<input name=\"contact\" maxlength=\"100\" autocomplete=\"tel\"></label>"
	    "<label>%s<input name=\"region\" maxlength=\"12\" inputmode=\"numeric\"></label>"
	    "<input type=\"hidden\" name=\"lang\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	    "<button type=\"submit\">%s</button></form>",
	    T(rq, "feedback.intro"), T(rq, "feedback.body"), rq->app->cfg->feedback_max_chars,
	    T(rq, "feedback.contact"), T(rq, "feedback.region"), rq->lang, auth_csrf_token(rq, rs),
	    T(rq, "feedback.submit"));
	page_end(rq, rs);
}
