/* auth_phone_http.c: signing in (and up) with a mobile number and an SMS code, for the
 * public — pages /signup (number → code → profile on first use) and the API
 * POST /api/v1/auth/sms-code and /api/v1/auth/sms-verify for apps — and verifying the number
 * of an existing account from its account page (/account/phone/..., and /api/v1/me/phone/...
 * for apps). Every answer before a
 * right code is the same whether the number has an account or not. */
#include "auth/auth_phone.h"
#include "auth/auth_phone_view.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "http/validate.h"
#include "region/region.h"
#include "sms/sms.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* A safe place to go after signing in: a local path only. */
static const char *local_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, ':'))
		return "/";
	return next;
}

static const char *check_mobile(struct req *rq, const char *v)
{
	return auth_mobile_normalize(rq->arena, v) ? NULL : "signup.phone_invalid";
}

static const char *check_code(struct req *rq, const char *v)
{
	return auth_code_wellformed(v) ? NULL : "signup.code_invalid";
}

static const char *check_lang(struct req *rq, const char *v)
{
	return strcmp(v, "zh") == 0 || strcmp(v, "mn") == 0 ? NULL : "error.invalid_value";
}

/* Seals text into the arena: *out, *len. */
static int seal(struct req *rq, const char *text, const void **out, size_t *len)
{
	struct strbuf sb;
	strbuf_init(&sb);
	int rc = auth_phone_seal(text, &sb);
	if (rc == OK) {
		void *copy = arena_alloc(rq->arena, sb.len);
		memcpy(copy, sb.data, sb.len);
		*out = copy;
		*len = sb.len;
	}
	strbuf_free(&sb);
	return rc;
}

/* The account page with the phone section in a given state: phone_sent (may be NULL) is the
 * number a code just went to, error_key (may be NULL) a message by the phone form. */
static void account_page(struct req *rq, struct resp *rs, const char *phone_sent,
                         const char *error_key)
{
	struct account_page pg = {.error_key = error_key,
	                          .error_form = error_key ? "phone" : NULL,
	                          .phone_sent = phone_sent};
	auth_view_account(rq, rs, &pg);
}

/* ---- sending a code ---- */

struct code_send {
	struct code_issue issue;
	const char *phone; /* normalised */
	const char *next;
	bool for_account;
};

/* Prepares w->issue for phone: a new code, its hash, the sealed number and message. */
static int code_prepare(struct req *rq, struct code_send *w, const char *purpose)
{
	const struct config *cfg = rq->app->cfg;
	char code[AUTH_CODE_DIGITS + 1];
	auth_code_new(code);
	struct code_issue *c = &w->issue;
	auth_phone_index(w->phone, c->phone_index);
	auth_code_hash(c->phone_index, code, c->code_hash);
	const char *body = auth_code_message(rq->arena, rq->lang, code, cfg->sms_code_ttl_s);
	sodium_memzero(code, sizeof code);
	int rc = seal(rq, w->phone, &c->phone_enc, &c->phone_len) == OK &&
	                 seal(rq, body, &c->body_enc, &c->body_len) == OK
	             ? OK
	             : ERR;
	sodium_memzero((char *)body, strlen(body));
	c->purpose = purpose;
	c->ip = rq->client_ip;
	c->now_ms = clock_wall_ms();
	c->ttl_ms = (int64_t)cfg->sms_code_ttl_s * 1000;
	c->resend_ms = (int64_t)cfg->sms_resend_s * 1000;
	c->per_phone_hour = cfg->sms_per_phone_hour;
	c->per_ip_hour = cfg->sms_per_ip_hour;
	/* audited: the number masked, never the code */
	rq->audit.action = "auth.sms_code";
	rq->audit.object_type = "phone";
	rq->audit.object_key = auth_mask(rq->arena, w->phone);
	return rc;
}

static int code_sent(struct req *rq, struct resp *rs)
{
	struct code_send *w = rq->write_ctx;
	if (rq->write_result != OK && w->issue.limited) {
		resp_header(rs, "Retry-After",
		            arena_printf(rq->arena, "%lld", (long long)w->issue.retry_after_s));
		if (rq->is_api)
			return reply_error(rq, rs, 429, "rate_limited", "phone", "signup.wait");
		rs->status = 429;
		if (w->for_account)
			return account_page(rq, rs, NULL, "signup.wait"), OK;
		auth_view_signup_phone(rq, rs, w->phone, w->next, "signup.wait");
		return OK;
	}
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	sms_kick();
	const struct config *cfg = rq->app->cfg;
	if (rq->is_api)
		return reply_json(rs, 202,
		                  json_pack("{s:b, s:i, s:i}", "sent", 1, "expires_in",
		                            cfg->sms_code_ttl_s, "resend_in", cfg->sms_resend_s));
	rs->status = 200;
	if (w->for_account)
		return account_page(rq, rs, w->phone, NULL), OK;
	auth_view_signup_code(rq, rs, w->phone, w->next, NULL);
	return OK;
}

/* POST /signup/code and POST /api/v1/auth/sms-code: {phone} → 202, the same for every valid
 * number (whether it has an account is not told); 429 with Retry-After under the limits. */
static int sms_code_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {
	    {"phone", true, 32, NULL, check_mobile},
	    {"next", false, 512, NULL, NULL},
	};
	const char *v[2];
	struct field_error fe;
	if (form_validate(rq, rules, 2, v, &fe) != OK) {
		if (rq->is_api)
			return form_reply_invalid(rq, rs, &fe);
		rs->status = 400;
		auth_view_signup_phone(rq, rs, req_form(rq, "phone"), v[1], fe.message_key);
		return OK;
	}
	struct code_send *w = arena_alloc(rq->arena, sizeof *w);
	w->phone = auth_mobile_normalize(rq->arena, v[0]);
	w->next = v[1];
	if (code_prepare(rq, w, "signin") != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	return req_write(rq, auth_code_issue, &w->issue, code_sent);
}

/* POST /account/phone/code and /api/v1/me/phone/code: a code to the number the signed-in user wants
 * verified. */
static int account_code_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {{"phone", true, 32, NULL, check_mobile}};
	const char *v[1];
	struct field_error fe;
	if (form_validate(rq, rules, 1, v, &fe) != OK) {
		if (rq->is_api)
			return form_reply_invalid(rq, rs, &fe);
		rs->status = 400;
		account_page(rq, rs, NULL, fe.message_key);
		return OK;
	}
	const struct principal *p = rq->principal;
	struct code_send *w = arena_alloc(rq->arena, sizeof *w);
	w->phone = auth_mobile_normalize(rq->arena, v[0]);
	w->for_account = true;
	if (code_prepare(rq, w, "verify") != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	w->issue.user_id = p->user_id;
	rq->audit.scope = p->region_code;
	return req_write(rq, auth_code_issue, &w->issue, code_sent);
}

/* ---- checking a code ---- */

struct code_verify {
	struct code_check check;
	const char *phone, *code, *next;
	struct signup_profile profile;
	char token[64];
	bool for_account;
};

/* The status, JSON code and catalog key of an outcome that did not succeed. */
static void outcome_error(enum code_outcome o, int *status, const char **code, const char **key)
{
	switch (o) {
	case CODE_WRONG:
		*status = 400, *code = "wrong_code", *key = "signup.code_wrong";
		return;
	case CODE_EXPIRED:
		*status = 400, *code = "code_expired", *key = "signup.code_expired";
		return;
	case CODE_EXHAUSTED:
		*status = 429, *code = "too_many_attempts", *key = "signup.code_exhausted";
		return;
	case CODE_PASSWORD_USER:
		*status = 409, *code = "password_account", *key = "signup.password_account";
		return;
	case CODE_UNUSABLE:
		*status = 403, *code = "account_unusable", *key = "signup.account_unusable";
		return;
	case CODE_TAKEN:
		*status = 409, *code = "phone_taken", *key = "signup.phone_taken";
		return;
	default:
		*status = 503, *code = "unavailable", *key = "error.unavailable";
	}
}

static int code_checked(struct req *rq, struct resp *rs)
{
	struct code_verify *w = rq->write_ctx;
	enum code_outcome o = w->check.outcome;
	bool success = rq->write_result == OK &&
	               (o == CODE_SIGNED_IN || o == CODE_CREATED || o == CODE_VERIFIED);
	if (success && o == CODE_VERIFIED) {
		if (!rq->is_api)
			return reply_redirect(rs, 303, "/account?done=phone");
		rs->status = 204;
		rs->content_type = NULL;
		return OK;
	}
	if (success) {
		auth_session_cookie(rq, rs, w->token);
		resp_header(rs, "Cache-Control", "no-store"); /* it carries the session token */
		if (rq->is_api)
			return reply_json(rs, o == CODE_CREATED ? 201 : 200,
			                  json_pack("{s:I, s:s, s:b, s:s, s:s, s:i}", "user_id",
			                            (json_int_t)w->check.user_id, "login",
			                            w->check.login, "created", o == CODE_CREATED,
			                            "session", w->token, "csrf",
			                            w->check.session.csrf, "expires_in",
			                            rq->app->cfg->session_max_s));
		return reply_redirect(rs, 303, local_next(w->next));
	}
	if (o == CODE_PROFILE) { /* a right code, a number without an account: who are you? */
		if (rq->is_api)
			return reply_json(rs, 200,
			                  json_pack("{s:s}", "status", "profile_required"));
		auth_view_signup_profile(rq, rs, w->phone, w->code, w->next, &w->profile, NULL);
		return OK;
	}
	int status;
	const char *code, *key;
	outcome_error(o, &status, &code, &key);
	if (rq->is_api || status == 503)
		return reply_error(rq, rs, status, code, o == CODE_WRONG ? "code" : NULL, key);
	rs->status = status;
	if (w->for_account)
		account_page(rq, rs, o == CODE_WRONG ? w->phone : NULL, key);
	else
		auth_view_signup_code(rq, rs, w->phone, w->next, key);
	return OK;
}

/* A login for a phone account: "m" and 11 random base-32 letters/digits. */
static char *phone_login(struct arena *a)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
	unsigned char raw[11];
	randombytes_buf(raw, sizeof raw);
	char *out = arena_alloc(a, sizeof raw + 2);
	out[0] = 'm';
	for (size_t i = 0; i < sizeof raw; i++)
		out[i + 1] = alphabet[raw[i] % 32];
	out[sizeof raw + 1] = '\0';
	return out;
}

/* Whether s holds a letter of the Mongolian block (U+1800..U+18AF). */
static bool has_mongolian(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (p[0] == 0xE1 && (p[1] == 0xA0 || p[1] == 0xA1 || p[1] == 0xA2))
			return true;
	return false;
}

/* The account a right code creates when the number has none: f's name (in the column of its
 * script), township, language. */
static void citizen_prepare(struct req *rq, struct code_verify *w)
{
	struct user_new *u = arena_alloc(rq->arena, sizeof *u);
	const char *name = w->profile.name;
	bool mn = has_mongolian(name);
	*u = (struct user_new){
	    .login = phone_login(rq->arena),
	    .password_hash = AUTH_NO_PASSWORD,
	    .name_zh = mn ? "" : name,
	    .name_mn = mn ? name : "",
	    .region_code = w->profile.region,
	    .lang = w->profile.lang,
	    .phone = w->phone,
	    .now_ms = w->check.now_ms,
	};
	w->check.create = u;
	w->check.citizen_scope = w->profile.region;
}

/* Reads the profile fields (API: region; page: league, county, township) into w->profile;
 * ERR after answering when one is bad. *complete says whether a new account could be made. */
static int profile_read(struct req *rq, struct resp *rs, struct code_verify *w, bool *complete)
{
	const struct field_rule rules[] = {
	    {"name", false, 256, NULL, NULL},  {"lang", false, 2, NULL, check_lang},
	    {"region", false, 12, NULL, NULL}, {"league", false, 12, NULL, NULL},
	    {"county", false, 12, NULL, NULL}, {"township", false, 12, NULL, NULL},
	};
	const char *v[6];
	struct field_error fe;
	if (form_validate(rq, rules, 6, v, &fe) != OK)
		goto invalid;
	struct signup_profile *f = &w->profile;
	f->lang = v[1] ? v[1] : rq->lang;
	f->name = v[0];
	if (f->name && !(f->name = auth_name_normalize(rq->arena, f->name))) {
		fe = (struct field_error){"name", "too_long", "error.too_long"};
		goto invalid;
	}
	/* the page's chooser: the deepest level that lies within the one above it */
	f->league = v[3], f->county = v[4], f->township = v[5];
	if (f->county && (!f->league || strncmp(f->county, f->league, strlen(f->league)) != 0))
		f->county = NULL;
	if (f->township && (!f->county || strncmp(f->township, f->county, strlen(f->county)) != 0))
		f->township = NULL;
	f->region = v[2] ? v[2] : f->township ? f->township : f->county ? f->county : f->league;
	bool given = f->name || f->region;
	*complete = false;
	if (!given)
		return OK;
	struct region r;
	if (f->region && (region_get(rq->app->store, rq->arena, f->region, &r) != OK ||
	                  strncmp(f->region, "15", 2) != 0)) {
		fe = (struct field_error){"region", "invalid_value", "error.unknown_region"};
		goto invalid;
	}
	bool township = f->region && strcmp(r.level, "township") == 0;
	if (rq->is_api && !township) {
		fe = (struct field_error){"region", "invalid_value", "signup.region_township"};
		goto invalid;
	}
	if (rq->is_api && (!f->name || !*f->name)) {
		fe = (struct field_error){"name", "required", "error.required"};
		goto invalid;
	}
	*complete = township && f->name && *f->name;
	return OK;
invalid:
	if (rq->is_api)
		return form_reply_invalid(rq, rs, &fe), ERR;
	rs->status = 400;
	auth_view_signup_profile(rq, rs, w->phone, w->code, w->next, &w->profile, fe.message_key);
	return ERR;
}

/* POST /signup/verify and POST /api/v1/auth/sms-verify: {phone, code} signs in the number's
 * account; a number without one answers "profile_required" until {name, region (a
 * township), lang} come along, then the citizen account is made. */
static int sms_verify_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {
	    {"phone", true, 32, NULL, check_mobile},
	    {"code", true, 16, NULL, check_code},
	    {"next", false, 512, NULL, NULL},
	};
	const char *v[3];
	struct field_error fe;
	struct code_verify *w = arena_alloc(rq->arena, sizeof *w);
	if (form_validate(rq, rules, 3, v, &fe) != OK) {
		if (rq->is_api || strcmp(fe.field, "phone") == 0)
			return form_reply_invalid(rq, rs, &fe);
		rs->status = 400;
		auth_view_signup_code(rq, rs, auth_mobile_normalize(rq->arena, v[0]), v[2],
		                      fe.message_key);
		return OK;
	}
	w->phone = auth_mobile_normalize(rq->arena, v[0]);
	w->code = v[1];
	w->next = v[2];
	bool complete = false;
	if (profile_read(rq, rs, w, &complete) != OK)
		return OK;
	if (!rq->is_api && w->profile.region && !complete) { /* the chooser's next level */
		auth_view_signup_profile(rq, rs, w->phone, w->code, w->next, &w->profile, NULL);
		return OK;
	}
	struct code_check *c = &w->check;
	auth_phone_index(w->phone, c->phone_index);
	auth_code_hash(c->phone_index, w->code, c->code_hash);
	c->purpose = "signin";
	c->now_ms = clock_wall_ms();
	c->max_attempts = rq->app->cfg->sms_code_attempts;
	if (complete)
		citizen_prepare(rq, w);
	auth_session_prepare(rq, c->now_ms, &c->session, w->token);
	/* audited as the account signing in (known after the write: the closure fills action,
	 * login and region); a wrong code as the visitor's */
	rq->audit.action = c->action;
	rq->audit.object_type = "phone";
	rq->audit.object_key = auth_mask(rq->arena, w->phone);
	rq->audit.actor = c->login;
	rq->audit.actor_id = &c->user_id;
	rq->audit.scope = c->region;
	return req_write(rq, auth_code_check, c, code_checked);
}

/* POST /account/phone/verify and /api/v1/me/phone/verify: {phone, code} — the account's number
 * becomes this one, verified. */
static int account_verify_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {
	    {"phone", true, 32, NULL, check_mobile},
	    {"code", true, 16, NULL, check_code},
	};
	const char *v[2];
	struct field_error fe;
	if (form_validate(rq, rules, 2, v, &fe) != OK) {
		if (rq->is_api)
			return form_reply_invalid(rq, rs, &fe);
		rs->status = 400;
		account_page(rq, rs, auth_mobile_normalize(rq->arena, v[0] ? v[0] : ""),
		             fe.message_key);
		return OK;
	}
	const struct principal *p = rq->principal;
	struct code_verify *w = arena_alloc(rq->arena, sizeof *w);
	w->phone = auth_mobile_normalize(rq->arena, v[0]);
	w->code = v[1];
	w->for_account = true;
	struct code_check *c = &w->check;
	auth_phone_index(w->phone, c->phone_index);
	auth_code_hash(c->phone_index, w->code, c->code_hash);
	c->purpose = "verify";
	c->user_id = p->user_id;
	c->now_ms = clock_wall_ms();
	c->max_attempts = rq->app->cfg->sms_code_attempts;
	if (seal(rq, w->phone, &c->phone_enc, &c->phone_len) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	rq->audit.action = c->action;
	rq->audit.object_type = "user";
	rq->audit.object_id = &c->user_id;
	rq->audit.scope = p->region_code;
	rq->audit.summary = "phone number verified by SMS code";
	return req_write(rq, auth_code_check, c, code_checked);
}

/* GET /signup */
static int signup_get(struct req *rq, struct resp *rs)
{
	if (rq->principal)
		return reply_redirect(rs, 303, local_next(req_query(rq, "next")));
	auth_view_signup_phone(rq, rs, NULL, req_query(rq, "next"), NULL);
	return OK;
}

void auth_phone_mount(struct router *r)
{
	router_add(r, "GET", "/signup", PERM_PUBLIC, signup_get);
	router_add(r, "POST", "/signup/code", PERM_PUBLIC, sms_code_post);
	router_add(r, "POST", "/signup/verify", PERM_PUBLIC, sms_verify_post);
	router_add(r, "POST", "/api/v1/auth/sms-code", PERM_PUBLIC, sms_code_post);
	router_add(r, "POST", "/api/v1/auth/sms-verify", PERM_PUBLIC, sms_verify_post);
	router_add(r, "POST", "/account/phone/code", PERM_SELF, account_code_post);
	router_add(r, "POST", "/account/phone/verify", PERM_SELF, account_verify_post);
	router_add(r, "POST", "/api/v1/me/phone/code", PERM_SELF, account_code_post);
	router_add(r, "POST", "/api/v1/me/phone/verify", PERM_SELF, account_verify_post);
}
