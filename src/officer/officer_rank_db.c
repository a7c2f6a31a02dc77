/* officer_rank_db.c: the ranking aggregates' SQL — officer_rank (per officer and period)
 * and officer_area_rank (per region/league/county/township and period). rank_apply adds a
 * batch of ledger changes; the readers page through them in index order. */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct officer_acc {
	int64_t officer_id;
	const char *township;
	char period[16];
	int64_t points, shares, readers, entries;
};

struct area_acc {
	char area[16];
	char period[16];
	int64_t officers, points, shares, readers;
};

/* A number that identifies a period key within its kind. */
static int64_t period_int(int k, const char *key)
{
	switch (k) {
	case PERIOD_YEAR:
		return 1LL << 28 | atoi(key + 1);
	case PERIOD_MONTH:
		return 2LL << 28 | (atoi(key + 1) * 12 + atoi(key + 6));
	case PERIOD_WEEK:
		return 3LL << 28 | points_day_num(key + 1);
	default:
		return 0;
	}
}

struct apply {
	struct pmap amap;
	struct area_acc *areas;
	size_t n, cap;
};

/* Adds to the four areas of township (region, league, county, township) in period. */
static void area_add(struct apply *ap, const char *township, const char *period, int64_t officers,
                     const struct officer_acc *o)
{
	static const int lens[] = {2, 4, 6, 9};
	for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
		char code[16];
		snprintf(code, sizeof code, "%.*s", lens[i], township);
		bool created;
		int64_t *slot = pmap_put(&ap->amap, atoll(code),
		                         period_int(period[0] == 'a'   ? PERIOD_ALL
		                                    : period[0] == 'y' ? PERIOD_YEAR
		                                    : period[0] == 'm' ? PERIOD_MONTH
		                                                       : PERIOD_WEEK,
		                                    period),
		                         &created);
		if (created) {
			if (ap->n == ap->cap) {
				ap->cap = ap->cap ? ap->cap * 2 : 64;
				ap->areas = realloc(ap->areas, ap->cap * sizeof *ap->areas);
				if (!ap->areas)
					abort();
			}
			struct area_acc *a = &ap->areas[ap->n];
			*a = (struct area_acc){0};
			snprintf(a->area, sizeof a->area, "%s", code);
			snprintf(a->period, sizeof a->period, "%s", period);
			*slot = (int64_t)ap->n++;
		}
		struct area_acc *a = &ap->areas[*slot];
		a->officers += officers;
		a->points += o->points;
		a->shares += o->shares;
		a->readers += o->readers;
	}
}

/* Adds o to its row (made when missing: then the officer counts in the areas' officers). */
static int officer_row(sqlite3 *db, struct apply *ap, const struct officer_acc *o)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO officer_rank(period, officer_id, township, county, league, points,"
	        " shares, readers, entries) VALUES (?1, ?2, ?3, substr(?3, 1, 6), substr(?3, 1, 4),"
	        " ?4, ?5, ?6, ?7) ON CONFLICT DO UPDATE SET points = points + excluded.points,"
	        " shares = shares + excluded.shares, readers = readers + excluded.readers,"
	        " entries = entries + excluded.entries RETURNING township, entries");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, o->period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, o->officer_id);
	sqlite3_bind_text(st, 3, o->township, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, o->points);
	sqlite3_bind_int64(st, 5, o->shares);
	sqlite3_bind_int64(st, 6, o->readers);
	sqlite3_bind_int64(st, 7, o->entries);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* a row that existed had entries already: only a new one holds just these */
		bool is_new = sqlite3_column_int64(st, 1) == o->entries;
		char township[16];
		snprintf(township, sizeof township, "%s", (const char *)sqlite3_column_text(st, 0));
		area_add(ap, township, o->period, is_new, o);
		rc = OK;
	}
	store_write_stmt_release(db, st);
	return rc;
}

static int area_row(sqlite3 *db, const struct area_acc *a)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO officer_area_rank(period, area, officers, points, shares, readers)"
	        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
	        " officers = officers + excluded.officers, points = points + excluded.points,"
	        " shares = shares + excluded.shares, readers = readers + excluded.readers");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, a->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->area, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->officers);
	sqlite3_bind_int64(st, 4, a->points);
	sqlite3_bind_int64(st, 5, a->shares);
	sqlite3_bind_int64(st, 6, a->readers);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}

int rank_apply(sqlite3 *db, const struct rank_delta *d, size_t n)
{
	struct pmap omap = {0};
	struct officer_acc *acc = NULL;
	size_t nacc = 0, cap = 0;
	struct apply ap = {0};
	int rc = ERR;
	for (size_t i = 0; i < n; i++) {
		char keys[POINTS_PERIODS][16];
		points_periods(d[i].day, keys);
		for (int k = 0; k < POINTS_PERIODS; k++) {
			bool created;
			int64_t *slot =
			    pmap_put(&omap, d[i].officer_id, period_int(k, keys[k]), &created);
			if (created) {
				if (nacc == cap) {
					cap = cap ? cap * 2 : 64;
					acc = realloc(acc, cap * sizeof *acc);
					if (!acc)
						abort();
				}
				acc[nacc] = (struct officer_acc){.officer_id = d[i].officer_id,
				                                 .township = d[i].township};
				snprintf(acc[nacc].period, sizeof acc[nacc].period, "%s", keys[k]);
				*slot = (int64_t)nacc++;
			}
			struct officer_acc *o = &acc[*slot];
			o->points += d[i].points;
			o->shares += d[i].shares;
			o->readers += d[i].readers;
			o->entries += d[i].entries;
		}
	}
	for (size_t i = 0; i < nacc; i++)
		if (officer_row(db, &ap, &acc[i]) != OK)
			goto out;
	for (size_t i = 0; i < ap.n; i++)
		if (area_row(db, &ap.areas[i]) != OK)
			goto out;
	rc = OK;
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "rank.apply", "%s", sqlite3_errmsg(db));
	pmap_free(&omap);
	pmap_free(&ap.amap);
	free(acc);
	free(ap.areas);
	return rc;
}

/* ---- reading ---- */

int rank_level_parse(const char *s)
{
	static const char *const names[] = {"region", "league", "county", "township"};
	for (size_t i = 0; s && i < ARRAY_LEN(names); i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

int rank_level_of(const char *area)
{
	if (!area || strncmp(area, "15", 2) != 0)
		return -1;
	for (const char *p = area; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	switch (strlen(area)) {
	case 2:
		return LEVEL_REGION;
	case 4:
		return LEVEL_LEAGUE;
	case 6:
		return LEVEL_COUNTY;
	case 9:
		return LEVEL_TOWNSHIP;
	default:
		return -1;
	}
}

/* The WHERE part selecting an area of each level (region: every row). */
static const char *const area_cond[] = {
    [LEVEL_REGION] = "?3 = '15'",
    [LEVEL_LEAGUE] = "league = ?3",
    [LEVEL_COUNTY] = "county = ?3",
    [LEVEL_TOWNSHIP] = "township = ?3",
};

int rank_officers(struct store *s, struct arena *a, const char *period, const char *area,
                  int64_t after_points, int64_t after_id, int64_t first_rank, int limit,
                  struct rank_row **out)
{
	int level = rank_level_of(area);
	*out = NULL;
	if (level < 0)
		return -1;
	char sql[400];
	snprintf(sql, sizeof sql,
	         "SELECT officer_id, points, shares, readers, township FROM officer_rank"
	         " WHERE period = ?1 AND %s AND (?5 = 0 OR points < ?2 OR (points = ?2 AND"
	         " officer_id > ?4)) ORDER BY points DESC, officer_id LIMIT ?6",
	         area_cond[level]);
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, after_points);
	sqlite3_bind_text(st, 3, area, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, after_id);
	sqlite3_bind_int(st, 5, after_id != 0);
	sqlite3_bind_int(st, 6, limit);
	struct rank_row *rows = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *rows);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit) {
		rows[n] = (struct rank_row){
		    .officer_id = sqlite3_column_int64(st, 0),
		    .rank = first_rank + n,
		    .points = sqlite3_column_int64(st, 1),
		    .shares = sqlite3_column_int64(st, 2),
		    .readers = sqlite3_column_int64(st, 3),
		    .township = arena_strdup(a, (const char *)sqlite3_column_text(st, 4)),
		};
		n++;
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int rank_officer_get(struct store *s, const char *period, int64_t officer_id, const char *area,
                     struct rank_row *out)
{
	*out = (struct rank_row){.officer_id = officer_id};
	int level = rank_level_of(area);
	if (level < 0)
		return ERR;
	sqlite3_stmt *st = store_stmt(s, "SELECT points, shares, readers FROM officer_rank"
	                                 " WHERE period = ? AND officer_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, officer_id);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW;
	if (found) {
		out->points = sqlite3_column_int64(st, 0);
		out->shares = sqlite3_column_int64(st, 1);
		out->readers = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (!found)
		return rc == SQLITE_DONE ? OK : ERR;
	char sql[300];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM officer_rank WHERE period = ?1 AND %s AND"
	         " (points > ?2 OR (points = ?2 AND officer_id < ?4))",
	         area_cond[level]);
	st = store_stmt(s, sql);
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, out->points);
	sqlite3_bind_text(st, 3, area, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, officer_id);
	rc = sqlite3_step(st) == SQLITE_ROW ? OK : ERR;
	if (rc == OK)
		out->rank = sqlite3_column_int64(st, 0) + 1;
	sqlite3_reset(st);
	return rc;
}

int rank_areas(struct store *s, struct arena *a, const char *period, int level, const char *parent,
               const char *by, struct area_row **out)
{
	static const char *const cols[] = {"officers", "shares", "readers", "points"};
	const char *col = NULL;
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		if (by && strcmp(by, cols[i]) == 0)
			col = cols[i];
	static const int lens[] = {2, 4, 6, 9};
	*out = NULL;
	if (!col || level < 0 || level > LEVEL_TOWNSHIP)
		return -1;
	char sql[300];
	snprintf(sql, sizeof sql,
	         "SELECT area, officers, points, shares, readers FROM officer_area_rank"
	         " WHERE period = ?1 AND length(area) = ?2 AND substr(area, 1, length(?3)) = ?3"
	         " ORDER BY %s DESC, area",
	         col);
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, lens[level]);
	sqlite3_bind_text(st, 3, parent ? parent : "15", -1, SQLITE_TRANSIENT);
	struct area_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow_array(a, rows, n, &cap, sizeof *rows);
		rows[n++] = (struct area_row){
		    .area = arena_strdup(a, (const char *)sqlite3_column_text(st, 0)),
		    .officers = sqlite3_column_int64(st, 1),
		    .points = sqlite3_column_int64(st, 2),
		    .shares = sqlite3_column_int64(st, 3),
		    .readers = sqlite3_column_int64(st, 4),
		};
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? (int)n : -1;
}

bool rank_cursor_parse(const char *c, int64_t *points, int64_t *id, int64_t *rank)
{
	long long p, i, r;
	char tail;
	if (!c || sscanf(c, "%lld.%lld.%lld%c", &p, &i, &r, &tail) != 3 || i < 1 || r < 1)
		return false;
	*points = p;
	*id = i;
	*rank = r;
	return true;
}
