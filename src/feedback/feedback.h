/* feedback.h: reader feedback — messages readers send the association (the first write
 * path: stored through the writer and acknowledged only once durable). */
#ifndef TALA_FEEDBACK_H
#define TALA_FEEDBACK_H

#include "http/http.h"

#include <stdint.h>

struct feedback {
	const char *lang;
	const char *body;
	const char *contact;     /* may be NULL */
	const char *region_code; /* may be NULL */
	int64_t id;              /* set by feedback_insert */
};

/* Write closure: inserts f (ctx is a struct feedback *) and sets f->id. */
int feedback_insert(sqlite3 *db, void *ctx);

void feedback_mount(struct router *r);

/* feedback_view.c */
void feedback_view_form(struct req *rq, struct resp *rs, bool sent);

#endif
