/* fuzz_officer_points.c: libFuzzer target for the officer-points parsers of untrusted query
 * values (src/officer): days "YYYY-MM-DD" (a parsed day formats back to the same text),
 * period names, region codes of ranking areas and ranking page cursors. */
#include "officer/officer_points.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	char s[257];
	memcpy(s, data, size);
	s[size] = '\0';
	int32_t day = points_day_num(s);
	if (day >= 0) {
		char back[11];
		points_day_str(day, back);
		if (strcmp(back, s) != 0)
			abort();
		char periods[POINTS_PERIODS][16];
		points_periods(day, periods);
		if (periods[0][0] != 'a' || periods[3][0] != 'w' ||
		    points_day_num(periods[3] + 1) > day ||
		    points_day_num(periods[3] + 1) < day - 6)
			abort();
	}
	int kind = points_period_kind(s);
	if (kind < -1 || kind >= POINTS_PERIODS)
		abort();
	int level = rank_level_of(s);
	if (level >= 0 && strncmp(s, "15", 2) != 0)
		abort();
	int64_t p, id, rank;
	if (rank_cursor_parse(s, &p, &id, &rank) && (id < 1 || rank < 1))
		abort();
	return 0;
}
