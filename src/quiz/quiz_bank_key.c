/* quiz_bank_key.c: how an answer is compared with a question: the fill-in answer key
 * (through the text engine's text_fold), matching against accepted answers and choice
 * sets, and the names of kinds and statuses. No SQL here. */
#include <string.h>

#include "base/common.h"
#include "quiz/quiz_bank.h"
#include "text/text.h"

const char *quiz_answer_key(struct arena *a, const char *text)
{
	struct strbuf sb;
	strbuf_init(&sb);
	text_fold(text ? text : "", text ? strlen(text) : 0, &sb);
	char *key = arena_strndup(a, sb.data, sb.len);
	strbuf_free(&sb);
	return key;
}

bool quiz_fill_accepts(struct arena *a, const struct quiz_question *q, const char *answer)
{
	const char *key = quiz_answer_key(a, answer);
	if (!*key)
		return false;
	for (size_t i = 0; i < q->n_answers; i++)
		if (strcmp(q->answers[i].key, key) == 0)
			return true;
	return false;
}

bool quiz_choice_correct(const struct quiz_question *q, const int64_t *chosen, size_t n)
{
	size_t want = 0;
	for (size_t i = 0; i < q->n_options; i++)
		want += q->options[i].correct;
	if (n != want || n == 0)
		return false;
	for (size_t k = 0; k < n; k++) {
		bool hit = false;
		for (size_t i = 0; i < q->n_options && !hit; i++)
			hit = q->options[i].id == chosen[k] && q->options[i].correct;
		if (!hit)
			return false;
		for (size_t j = 0; j < k; j++) /* a duplicate would count one option twice */
			if (chosen[j] == chosen[k])
				return false;
	}
	return true;
}

static const char *const kinds[] = {"single", "multi", "truefalse", "fill"};
static const char *const statuses[] = {"active", "retired"};

static bool one_of(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

bool quiz_kind_valid(const char *s)
{
	return one_of(s, kinds, ARRAY_LEN(kinds));
}

bool quiz_status_valid(const char *s)
{
	return one_of(s, statuses, ARRAY_LEN(statuses));
}
