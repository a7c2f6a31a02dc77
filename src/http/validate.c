/* validate.c: the field validator (see validate.h). */
#include "http/validate.h"
#include "base/common.h"
#include "base/utf8.h"

#include <string.h>

static const char *trimmed(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

static int fail(struct field_error *fe, const char *field, const char *code, const char *key)
{
	fe->field = field;
	fe->code = code;
	fe->message_key = key;
	return ERR;
}

int form_validate(struct req *rq, const struct field_rule *rules, size_t n, const char **values,
                  struct field_error *fe)
{
	if (rq->json && !json_is_object(rq->json))
		return fail(fe, NULL, "invalid_value", "error.invalid_value");
	for (size_t i = 0; i < n; i++) {
		const struct field_rule *r = &rules[i];
		values[i] = NULL;
		if (rq->json) {
			json_t *v = json_object_get(rq->json, r->name);
			if (v && !json_is_string(v) && !json_is_null(v))
				return fail(fe, r->name, "invalid_value", "error.invalid_value");
		}
		const char *raw = req_form(rq, r->name);
		const char *v = raw ? trimmed(rq->arena, raw) : NULL;
		if (!v || !*v) {
			if (r->required)
				return fail(fe, r->name, "required", "error.required");
			continue;
		}
		int max = r->max_chars_ptr ? *r->max_chars_ptr : r->max_chars;
		if (max > 0 && utf8_length(v, strlen(v)) > (size_t)max)
			return fail(fe, r->name, "too_long", "error.too_long");
		if (r->check) {
			const char *why = r->check(rq, v);
			if (why)
				return fail(fe, r->name,
				            strncmp(why, "error.", 6) == 0 ? why + 6 : why, why);
		}
		values[i] = v;
	}
	return OK;
}

int form_reply_invalid(struct req *rq, struct resp *rs, const struct field_error *fe)
{
	return reply_error(rq, rs, 400, fe->code, fe->field, fe->message_key);
}
