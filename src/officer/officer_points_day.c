/* officer_points_day.c: the calendar of points — day numbers of "YYYY-MM-DD" days (Asia/
 * Shanghai, as share_visits.day), today, and the ranking periods a day counts in. */
#include "officer/officer_points.h"

#include <stdio.h>
#include <string.h>

#define SHANGHAI_OFFSET_MS (8LL * 3600 * 1000)

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int32_t points_day_num(const char *day)
{
	if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9'))
			return -1;
	int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + day[3] - '0';
	int m = (day[5] - '0') * 10 + day[6] - '0';
	int d = (day[8] - '0') * 10 + day[9] - '0';
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	return days_from_civil(y, m, d);
}

void points_day_str(int32_t day, char out[11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char buf[32];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int32_t points_today(int64_t now_ms)
{
	return (int32_t)((now_ms + SHANGHAI_OFFSET_MS) / 86400000);
}

void points_period_key(enum points_period_kind kind, int32_t day, char out[16])
{
	int y, m, d;
	switch (kind) {
	case PERIOD_ALL:
		snprintf(out, 16, "a");
		return;
	case PERIOD_YEAR:
		civil_from_days(day, &y, &m, &d);
		snprintf(out, 16, "y%04u", (unsigned)y % 10000u);
		return;
	case PERIOD_MONTH:
		civil_from_days(day, &y, &m, &d);
		snprintf(out, 16, "m%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
		return;
	case PERIOD_WEEK: {
		/* 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays */
		int32_t monday = day - (((day + 3) % 7) + 7) % 7;
		char s[11];
		points_day_str(monday, s);
		snprintf(out, 16, "w%s", s);
		return;
	}
	}
}

void points_periods(int32_t day, char out[POINTS_PERIODS][16])
{
	for (int k = 0; k < POINTS_PERIODS; k++)
		points_period_key((enum points_period_kind)k, day, out[k]);
}

int points_period_kind(const char *name)
{
	static const char *const names[POINTS_PERIODS] = {"all", "year", "month", "week"};
	for (int k = 0; name && k < POINTS_PERIODS; k++)
		if (strcmp(names[k], name) == 0)
			return k;
	return -1;
}
