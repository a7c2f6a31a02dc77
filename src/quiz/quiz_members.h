/* quiz_members.h: resolving a campaign's member entries (logins or mobile numbers) and
 * splitting a member file into entries (quiz_members.c). */
#ifndef TALA_QUIZ_MEMBERS_H
#define TALA_QUIZ_MEMBERS_H

#include "base/arena.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define QUIZ_MEMBER_MAX  64     /* bytes of one entry */
#define QUIZ_MEMBERS_MAX 100000 /* entries of one list or file */

/* The user an entry names: a login, else a mobile number (spaces, dashes and a leading +
 * allowed). ERR with *why, a catalog key: quiz.error.member_unknown, _phone_ambiguous
 * (several unverified accounts share the number), _bad_line (empty or too long). */
int quiz_member_resolve(struct store *s, struct arena *a, const char *entry, int64_t *id,
                        const char **why);

struct quiz_member_line {
	int line;          /* 1-based */
	const char *value; /* the first column, trimmed; "" when the line is not UTF-8 */
};
/* Splits a member file (a UTF-8 BOM skipped, LF or CRLF lines, the first CSV column of each,
 * blank lines skipped) into entries; ERR when it has more than QUIZ_MEMBERS_MAX. */
int quiz_members_lines(struct arena *a, const char *data, size_t len, struct quiz_member_line **out,
                       size_t *n);

#endif
