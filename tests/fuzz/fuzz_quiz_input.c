/* fuzz_quiz_input.c: libFuzzer target for the quiz's parsers of untrusted text — the first
 * byte picks one: option-id lists (form fields and stored answers), campaign times, draw
 * rules, and the published draw JSON that `tala quiz draw-verify --file` reads (parsed and
 * re-checked). On any bytes none crashes; accepted id lists are positive and print back to
 * the same list; accepted draw rules have 1..200 questions per distinct, non-empty category. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz/quiz.h"
#include "quiz/quiz_http.h"

static void ids(const char *text)
{
	int64_t v[QUIZ_MAX_OPTIONS], w[QUIZ_MAX_OPTIONS];
	int n = quiz_ids_parse(text, v, QUIZ_MAX_OPTIONS);
	if (n <= 0)
		return;
	char back[QUIZ_MAX_OPTIONS * 21 + 1];
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		if (v[i] < 1)
			abort();
		len += (size_t)snprintf(back + len, sizeof back - len, "%s%lld", i ? "," : "",
		                        (long long)v[i]);
	}
	if (quiz_ids_parse(back, w, QUIZ_MAX_OPTIONS) != n || memcmp(v, w, sizeof v[0] * n) != 0)
		abort();
}

static void rules(struct arena *a, const char *text)
{
	struct quiz_campaign c;
	memset(&c, 0, sizeof c);
	if (quiz_draw_rules_parse(a, text, &c) != 0)
		return;
	if (c.ndraws < 1 || c.ndraws > QUIZ_MAX_DRAWS)
		abort();
	for (int i = 0; i < c.ndraws; i++) {
		if (!*c.draws[i].category || c.draws[i].count < 1 || c.draws[i].count > 200)
			abort();
		for (int k = 0; k < i; k++)
			if (strcmp(c.draws[k].category, c.draws[i].category) == 0)
				abort();
	}
}

static void draw(struct arena *a, const char *text, size_t n)
{
	json_t *j = json_loadb(text, n, 0, NULL);
	if (!j)
		return;
	struct quiz_draw_result r;
	char err[160];
	if (quiz_draw_from_json(j, a, &r, err, sizeof err) == 0 && r.neligible < 100000)
		(void)quiz_draw_check(&r);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	struct arena a;
	arena_init(&a, 1024);
	int64_t ms;
	switch (data[0] % 4) {
	case 0:
		ids(text);
		break;
	case 1:
		(void)quiz_parse_time(text, &ms);
		break;
	case 2:
		rules(&a, text);
		break;
	default:
		draw(&a, text, size - 1);
	}
	arena_free(&a);
	free(text);
	return 0;
}
