/* feedback_http.c: the public feedback form (/feedback) and POST /api/v1/feedback.
 * Validated by a field table, rate-limited per client address, stored through the writer;
 * answered 201 (API) or 303 (form) only after the commit is durable. */
#include "feedback/feedback.h"
#include "base/common.h"
#include "base/i18n.h"
#include "http/validate.h"
#include "region/region.h"

#include <string.h>

static const char *check_lang(struct req *rq, const char *v)
{
	return i18n_lang(v) && strlen(v) == 2 ? NULL : "error.invalid_value";
}

static const char *check_region(struct req *rq, const char *v)
{
	return region_exists(rq->app->store, v) ? NULL : "error.unknown_region";
}

enum { F_BODY, F_CONTACT, F_REGION, F_LANG, F_COUNT };

static int validate(struct req *rq, struct feedback *f, struct field_error *fe)
{
	const struct field_rule rules[F_COUNT] = {
	    [F_BODY] = {"body", true, 0, &rq->app->cfg->feedback_max_chars, NULL},
	    [F_CONTACT] = {"contact", false, 100, NULL, NULL},
	    [F_REGION] = {"region", false, 12, NULL, check_region},
	    [F_LANG] = {"lang", false, 2, NULL, check_lang},
	};
	const char *v[F_COUNT];
	if (form_validate(rq, rules, F_COUNT, v, fe) != OK)
		return ERR;
	f->body = v[F_BODY];
	f->contact = v[F_CONTACT];
	f->region_code = v[F_REGION];
	f->lang = v[F_LANG] ? v[F_LANG] : rq->lang;
	return OK;
}

static int api_created(struct req *rq, struct resp *rs)
{
	struct feedback *f = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	resp_header(rs, "Location",
	            arena_printf(rq->arena, "/api/v1/feedback/%lld", (long long)f->id));
	return reply_json(rs, 201,
	                  json_pack("{s:I, s:s}", "id", (json_int_t)f->id, "status", "new"));
}

/* Validates the message and hands it to the writer; `then` answers after the commit. */
static int feedback_accept(struct req *rq, struct resp *rs, handler_fn then)
{
	struct feedback *f = arena_alloc(rq->arena, sizeof *f);
	struct field_error fe;
	if (validate(rq, f, &fe) != OK)
		return form_reply_invalid(rq, rs, &fe);
	rq->audit.action = "feedback.create"; /* the message itself is not copied */
	rq->audit.object_type = "feedback";
	rq->audit.object_id = &f->id;
	rq->audit.scope = f->region_code;
	return req_write(rq, feedback_insert, f, then);
}

/* POST /api/v1/feedback */
static int api_feedback_post(struct req *rq, struct resp *rs)
{
	return feedback_accept(rq, rs, api_created);
}

static int form_sent(struct req *rq, struct resp *rs)
{
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_redirect(rs, 303, "/feedback?sent=1");
}

/* POST /feedback (the HTML form) */
static int page_feedback_post(struct req *rq, struct resp *rs)
{
	return feedback_accept(rq, rs, form_sent);
}

/* GET /feedback */
static int page_feedback(struct req *rq, struct resp *rs)
{
	const char *sent = req_query(rq, "sent");
	feedback_view_form(rq, rs, sent && strcmp(sent, "1") == 0);
	return OK;
}

void feedback_mount(struct router *r)
{
	int rate = r->cfg ? r->cfg->feedback_rate_per_minute : 0;
	router_add(r, "GET", "/feedback", PERM_PUBLIC, page_feedback);
	router_add(r, "POST", "/feedback", PERM_PUBLIC, page_feedback_post)->rate_per_minute = rate;
	router_add(r, "POST", "/api/v1/feedback", PERM_PUBLIC, api_feedback_post)->rate_per_minute =
	    rate;
}
