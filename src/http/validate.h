/* validate.h: table-driven validation of form/JSON fields. A handler declares its fields
 * once (name, required, length in characters, extra check) and gets either every value or
 * the first failing field with a reason; form_reply_invalid answers 400 with both. */
#ifndef TALA_HTTP_VALIDATE_H
#define TALA_HTTP_VALIDATE_H

#include "http/http.h"

struct field_rule {
	const char *name;
	bool required;
	int max_chars; /* 0: no limit; the config may override through max_chars_ptr */
	const int *max_chars_ptr;
	/* Extra check; returns NULL when the value is fine, or the catalog key of the reason. */
	const char *(*check)(struct req *rq, const char *value);
};

struct field_error {
	const char *field;
	const char *code;        /* "required", "too_long", "invalid_value" */
	const char *message_key; /* "error.required", ... */
};

/* Fills values[i] for rules[i] (NULL when absent and optional). Strings come trimmed.
 * Returns OK or ERR with *fe describing the first bad field. */
int form_validate(struct req *rq, const struct field_rule *rules, size_t n, const char **values,
                  struct field_error *fe);
/* Answers 400 for fe in the caller's language. */
int form_reply_invalid(struct req *rq, struct resp *rs, const struct field_error *fe);

#endif
