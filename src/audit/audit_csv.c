/* audit_csv.c: the CSV form of the audit log (RFC 4180 records, UTF-8 with a byte-order
 * mark so Excel shows Chinese and Mongolian, cells a spreadsheet would evaluate as a
 * formula neutralised with a leading '), and the times the viewer and export show:
 * China Standard Time (UTC+8, no daylight saving), the association's own clock. */
#include "audit/audit.h"
#include "base/common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define CST_OFFSET_MS (8LL * 3600 * 1000)

void audit_format_time(int64_t ms, char out[32])
{
	time_t t = (time_t)((ms + CST_OFFSET_MS) / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		snprintf(out, 32, "?");
		return;
	}
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

int audit_parse_date(const char *s, int64_t *ms)
{
	int y, m, d, used = 0;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || s[4] != '-' || s[7] != '-')
		return ERR;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return ERR;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return ERR;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	time_t t = timegm(&tm);
	if (tm.tm_mday != d || tm.tm_mon != m - 1) /* 2026-02-30 normalised to March */
		return ERR;
	*ms = (int64_t)t * 1000 - CST_OFFSET_MS;
	return OK;
}

void audit_csv_cell(struct strbuf *out, const char *s)
{
	if (!s)
		return;
	/* =1+1, +1, -1, @SUM(..), and a leading tab or CR (which some importers strip) would
	 * start a formula in Excel or LibreOffice: make the cell text */
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		strbuf_putc(out, '"');
	if (formula)
		strbuf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_putc(out, '"');
		strbuf_putc(out, *p);
	}
	if (quote)
		strbuf_putc(out, '"');
}

void audit_csv_header(struct strbuf *out)
{
	strbuf_puts(out, "\xEF\xBB\xBF"
	                 "id,time_utc8,actor,actor_id,ip,action,object_type,object_id,scope,"
	                 "summary\r\n");
}

void audit_csv_row(struct strbuf *out, const struct audit_row *r)
{
	char t[32];
	audit_format_time(r->at, t);
	strbuf_printf(out, "%lld,%s,", (long long)r->id, t);
	audit_csv_cell(out, r->actor);
	strbuf_putc(out, ',');
	if (r->actor_id)
		strbuf_printf(out, "%lld", (long long)r->actor_id);
	const char *rest[] = {r->ip, r->action, r->object_type, r->object_id, r->scope, r->summary};
	for (size_t i = 0; i < ARRAY_LEN(rest); i++) {
		strbuf_putc(out, ',');
		audit_csv_cell(out, rest[i]);
	}
	strbuf_puts(out, "\r\n");
}
