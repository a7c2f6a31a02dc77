/* console.h: the staff console's shell (/admin) — the entry page whose navigation lists
 * only the parts of the console the signed-in user may use. The parts themselves (users,
 * audit log, ...) belong to their modules. */
#ifndef TALA_CONSOLE_H
#define TALA_CONSOLE_H

#include "http/http.h"

#include <stddef.h>

/* A part of the console: shown when the user holds perm somewhere. */
struct console_entry {
	const char *perm;
	const char *href;
	const char *label_key; /* catalog key of the link text */
	const char *about_key; /* catalog key of a one-line description */
};

/* Registers GET /admin. */
void console_mount(struct router *r);

/* console_view.c: the shell with the entries the user may use (n may be 0). */
void console_view_shell(struct req *rq, struct resp *rs, const struct console_entry *const *entries,
                        size_t n);

#endif
