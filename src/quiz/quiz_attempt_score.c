/* quiz_attempt_score.c: scoring one answer against an item's key, on the server only.
 * Single choice and true/false: exactly one option, full points when it is the correct one.
 * Multiple choice: one or more distinct options, full points only for exactly the correct
 * set (all or nothing, as Moodle's "all or nothing" multichoice). Fill-in: full points when
 * the answer's normalised key equals one accepted answer's key. */
#include "base/common.h"
#include "quiz/quiz.h"

#include <stdlib.h>
#include <string.h>

int quiz_ids_parse(const char *s, int64_t *ids, int max)
{
	int n = 0;
	if (!s || !*s)
		return 0;
	for (const char *p = s;;) {
		if (*p < '0' || *p > '9' || n >= max)
			return -1;
		char *end;
		long long v = strtoll(p, &end, 10);
		if (v <= 0 || end - p > 18)
			return -1;
		ids[n++] = v;
		if (*end == '\0')
			return n;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

int quiz_score_item(const struct quiz_item *it, const int64_t *options, int n, const char *text_key,
                    const char **why)
{
	if (it->kind == QK_FILL) {
		if (!text_key || !*text_key) {
			*why = "quiz.error.answer_empty";
			return -1;
		}
		for (int i = 0; i < it->naccepted; i++)
			if (strcmp(it->accepted_keys[i], text_key) == 0)
				return it->max_points;
		return 0;
	}
	if (n < 1) {
		*why = "quiz.error.answer_empty";
		return -1;
	}
	if (n > 1 && it->kind != QK_MULTI) {
		*why = "quiz.error.one_option";
		return -1;
	}
	uint32_t chosen = 0;
	for (int k = 0; k < n; k++) {
		int found = -1;
		for (int i = 0; i < it->nopt; i++)
			if (it->option_ids[i] == options[k])
				found = i;
		if (found < 0) {
			*why = "quiz.error.unknown_option";
			return -1;
		}
		if (chosen & (1u << found)) {
			*why = "quiz.error.duplicate_option";
			return -1;
		}
		chosen |= 1u << found;
	}
	return chosen == it->correct ? it->max_points : 0;
}
