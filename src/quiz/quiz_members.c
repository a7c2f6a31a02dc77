/* quiz_members.c: who a campaign's member list names — each entry a login or a mobile number
 * (matched through the keyed phone index users.phone_index: the number is never stored or
 * logged in clear), and the member file (CSV: one member per line, its first column; blank
 * lines skipped) split into entries with their line numbers, so the caller can report every
 * line that names nobody. */
#include "quiz/quiz_members.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/utf8.h"

#include <string.h>

/* The user whose phone number is `phone` (normalised): the verified holder, else the only
 * account with that number; ERR with *why when none or several. */
static int by_phone(struct store *s, const char *phone, int64_t *id, const char **why)
{
	unsigned char index[16];
	auth_phone_index(phone, index);
	sqlite3_stmt *st = store_stmt(s, "SELECT id, phone_verified_at IS NOT NULL FROM users"
	                                 " WHERE phone_index = ? ORDER BY 2 DESC, id LIMIT 2");
	if (!st)
		return *why = "error.internal", ERR;
	sqlite3_bind_blob(st, 1, index, sizeof index, SQLITE_STATIC);
	int rows = 0;
	bool verified = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (rows++ == 0) {
			*id = sqlite3_column_int64(st, 0);
			verified = sqlite3_column_int(st, 1) != 0;
		}
	}
	sqlite3_reset(st);
	if (rows == 0)
		return *why = "quiz.error.member_unknown", ERR;
	if (rows > 1 && !verified)
		return *why = "quiz.error.member_phone_ambiguous", ERR;
	return OK;
}

int quiz_member_resolve(struct store *s, struct arena *a, const char *entry, int64_t *id,
                        const char **why)
{
	if (!entry || !*entry || strlen(entry) > QUIZ_MEMBER_MAX)
		return *why = "quiz.error.member_bad_line", ERR;
	struct user_row u;
	if (auth_user_by_login(s, a, entry, &u) == OK) {
		*id = u.id;
		return OK;
	}
	const char *phone = auth_phone_normalize(a, entry);
	if (!phone)
		return *why = "quiz.error.member_unknown", ERR;
	return by_phone(s, phone, id, why);
}

/* The first CSV field of line (quotes removed, "" inside quotes kept as "), trimmed. */
static char *first_field(struct arena *a, const char *line, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0, i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < n && line[i] == '"') {
		for (i++; i < n; i++) {
			if (line[i] == '"') {
				if (i + 1 < n && line[i + 1] == '"')
					out[k++] = line[i++];
				else
					break;
			} else {
				out[k++] = line[i];
			}
		}
	} else {
		for (; i < n && line[i] != ',' && line[i] != ';' && line[i] != '\t'; i++)
			out[k++] = line[i];
	}
	while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\t'))
		k--;
	out[k] = '\0';
	return out;
}

int quiz_members_lines(struct arena *a, const char *data, size_t len, struct quiz_member_line **out,
                       size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a spreadsheet's BOM */
		data += 3;
		len -= 3;
	}
	int line = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len, l = end - pos;
		const char *text = data + pos;
		pos = end + 1;
		line++;
		if (l > 0 && text[l - 1] == '\r')
			l--;
		struct quiz_member_line m = {.line = line};
		if (!utf8_valid(text, l) || memchr(text, '\0', l)) {
			m.value = "";
		} else {
			m.value = first_field(a, text, l);
			if (!*m.value)
				continue; /* a blank line */
		}
		if (*n >= QUIZ_MEMBERS_MAX)
			return ERR;
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = m;
	}
	return OK;
}
