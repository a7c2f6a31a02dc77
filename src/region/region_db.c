/* region_db.c: the regions table — import from the embedded CSVs (with pinyin from the text
 * engine) and the read queries. Nothing else touches this table. */
#include "region/region.h"
#include "base/common.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "text/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIVISIONS_CSV "data/regions/inner-mongolia-divisions.csv"
#define NAMES_MN_CSV  "data/regions/names-mn.csv"

/* Splits a CSV line of plain fields (no quoting in these files) in place. */
static int split_fields(char *line, char **fields, int max)
{
	size_t len = strlen(line);
	if (len && line[len - 1] == '\r')
		line[len - 1] = '\0';
	int n = 0;
	char *p = line;
	while (n < max) {
		fields[n++] = p;
		char *comma = strchr(p, ',');
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

/* Writes the toneless pinyin of a Chinese name without spaces, and its initials. */
static void name_pinyin(const char *name, char *full, size_t fulllen, char *initials, size_t inilen)
{
	struct strbuf py;
	strbuf_init(&py);
	text_pinyin(name, strlen(name), true, &py);
	size_t f = 0, i = 0;
	bool word_start = true;
	for (const char *p = py.data; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c)) {
			if (f + 1 < fulllen)
				full[f++] = (char)tolower(c);
			if (word_start && i + 1 < inilen)
				initials[i++] = (char)tolower(c);
			word_start = false;
		} else {
			word_start = true;
		}
	}
	full[f] = initials[i] = '\0';
	strbuf_free(&py);
}

struct import_ctx {
	int count;
	char err[256];
};

static int import_rows(sqlite3 *db, void *arg)
{
	struct import_ctx *ic = arg;
	const struct embedded_file *div = embedded_find(DIVISIONS_CSV);
	const struct embedded_file *mn = embedded_find(NAMES_MN_CSV);
	if (!div) {
		snprintf(ic->err, sizeof ic->err, "%s is not embedded", DIVISIONS_CSV);
		return ERR;
	}
	sqlite3_stmt *ins = NULL, *upd = NULL;
	int rc = ERR;
	if (sqlite3_exec(db, "DELETE FROM regions", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO regions(code, level, parent, name_zh, pinyin, initials)"
	                       " VALUES (?, ?, NULLIF(?, ''), ?, ?, ?)",
	                       -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "UPDATE regions SET name_mn = ? WHERE code = ?", -1, &upd,
	                       NULL) != SQLITE_OK) {
		snprintf(ic->err, sizeof ic->err, "%s", sqlite3_errmsg(db));
		goto out;
	}
	char *copy = strndup(div->data, div->len);
	if (!copy)
		abort();
	char *save = NULL;
	int lineno = 0;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (lineno++ == 0)
			continue; /* header */
		char *f[4];
		if (split_fields(line, f, 4) != 4) {
			snprintf(ic->err, sizeof ic->err, "%s:%d: expected 4 fields", DIVISIONS_CSV,
			         lineno);
			free(copy);
			goto out;
		}
		char full[256], initials[64];
		name_pinyin(f[3], full, sizeof full, initials, sizeof initials);
		sqlite3_reset(ins);
		for (int i = 0; i < 4; i++)
			sqlite3_bind_text(ins, i + 1, f[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, full, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 6, initials, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			snprintf(ic->err, sizeof ic->err, "%s:%d: %s", DIVISIONS_CSV, lineno,
			         sqlite3_errmsg(db));
			free(copy);
			goto out;
		}
		ic->count++;
	}
	free(copy);
	if (mn) {
		copy = strndup(mn->data, mn->len);
		if (!copy)
			abort();
		lineno = 0;
		for (char *line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (lineno++ == 0)
				continue;
			char *f[2];
			if (split_fields(line, f, 2) != 2)
				continue;
			sqlite3_reset(upd);
			sqlite3_bind_text(upd, 1, f[1], -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(upd, 2, f[0], -1, SQLITE_TRANSIENT);
			if (sqlite3_step(upd) != SQLITE_DONE) {
				snprintf(ic->err, sizeof ic->err, "%s:%d: %s", NAMES_MN_CSV, lineno,
				         sqlite3_errmsg(db));
				free(copy);
				goto out;
			}
		}
		free(copy);
	}
	rc = OK;
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return rc;
}

int region_import(struct store *s, int *count, char *err, size_t errlen)
{
	struct import_ctx ic = {0, ""};
	if (store_write(s, import_rows, &ic) != OK) {
		snprintf(err, errlen, "region import: %s", ic.err[0] ? ic.err : "commit failed");
		return ERR;
	}
	*count = ic.count;
	return OK;
}

#define REGION_COLUMNS "code, level, parent, name_zh, name_mn"

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void row_to_region(struct arena *a, sqlite3_stmt *st, struct region *r)
{
	r->code = col_text(a, st, 0);
	r->level = col_text(a, st, 1);
	r->parent = col_text(a, st, 2);
	r->name_zh = col_text(a, st, 3);
	r->name_mn = col_text(a, st, 4);
}

int region_get(struct store *s, struct arena *a, const char *code, struct region *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " REGION_COLUMNS " FROM regions WHERE code = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		row_to_region(a, st, out);
		rc = OK;
	}
	sqlite3_reset(st);
	return rc;
}

bool region_exists(struct store *s, const char *code)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM regions WHERE code = ?");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Collects up to limit rows (fetching limit+1 to know whether there is a next page). */
static int collect(struct arena *a, sqlite3_stmt *st, int limit, struct region_list *out)
{
	out->items = arena_alloc(a, sizeof *out->items * (size_t)(limit + 1));
	out->n = 0;
	out->next = NULL;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((int)out->n == limit) {
			out->next = out->items[out->n - 1].code;
			break;
		}
		row_to_region(a, st, &out->items[out->n++]);
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? OK : ERR;
}

static size_t count_rows(sqlite3_stmt *st)
{
	size_t n = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

int region_parents(struct store *s, struct arena *a, const char *code, struct region_list *out)
{
	sqlite3_stmt *st = store_stmt(
	    s, "WITH RECURSIVE up(code, depth) AS ("
	       " SELECT parent, 1 FROM regions WHERE code = ?"
	       " UNION ALL SELECT r.parent, up.depth + 1 FROM regions r JOIN up ON r.code = up.code"
	       " WHERE r.parent IS NOT NULL)"
	       " SELECT r.code, r.level, r.parent, r.name_zh, r.name_mn FROM up"
	       " JOIN regions r ON r.code = up.code ORDER BY up.depth DESC");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = collect(a, st, 8, out);
	out->total = out->n;
	return rc;
}

int region_children(struct store *s, struct arena *a, const char *parent, const char *after,
                    int limit, struct region_list *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " REGION_COLUMNS " FROM regions WHERE parent = ?"
	                                 " AND code > ? ORDER BY code LIMIT ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, after ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit + 1);
	if (collect(a, st, limit, out) != OK)
		return ERR;
	sqlite3_stmt *ct = store_stmt(s, "SELECT COUNT(*) FROM regions WHERE parent = ?");
	if (!ct)
		return ERR;
	sqlite3_bind_text(ct, 1, parent, -1, SQLITE_STATIC);
	out->total = count_rows(ct);
	return OK;
}

/* Escapes LIKE wildcards; lowercases ASCII; drops spaces when for_pinyin. */
static char *like_term(struct arena *a, const char *q, bool for_pinyin)
{
	char *out = arena_alloc(a, strlen(q) * 2 + 1);
	char *o = out;
	for (const char *p = q; *p; p++) {
		char c = *p;
		if (for_pinyin) {
			if (c == ' ' || c == '\'')
				continue;
			c = (char)tolower((unsigned char)c);
		}
		if (c == '%' || c == '_' || c == '\\')
			*o++ = '\\';
		*o++ = c;
	}
	*o = '\0';
	return out;
}

#define SEARCH_WHERE                                                                               \
	" FROM regions WHERE (name_zh LIKE '%' || ?1 || '%' ESCAPE '\\'"                           \
	" OR name_mn LIKE '%' || ?1 || '%' ESCAPE '\\'"                                            \
	" OR (?2 <> '' AND (pinyin LIKE ?2 || '%' ESCAPE '\\' OR initials LIKE ?2 || '%' ESCAPE "  \
	"'\\')))"

#define LEVEL_RANK                                                                                 \
	"(CASE level WHEN 'province' THEN 0 WHEN 'league' THEN 1 WHEN 'county' THEN 2"             \
	" WHEN 'township' THEN 3 ELSE 4 END)"

int region_search(struct store *s, struct arena *a, const char *q, const char *after, int limit,
                  struct region_list *out)
{
	const char *term = like_term(a, q, false);
	const char *py = like_term(a, q, true);
	bool ascii = true;
	for (const char *p = py; *p; p++)
		ascii &= isalnum((unsigned char)*p) || *p == '\\';
	if (!ascii)
		py = "";
	/* cursor: "<rank>:<code>" of the last item */
	int after_rank = -1;
	const char *after_code = "";
	if (after && strlen(after) > 2 && after[1] == ':') {
		after_rank = after[0] - '0';
		after_code = after + 2;
	}
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT " REGION_COLUMNS ", " LEVEL_RANK " AS rank" SEARCH_WHERE " AND (" LEVEL_RANK
	       " > ?3 OR (" LEVEL_RANK " = ?3 AND code > ?4)) ORDER BY rank, code LIMIT ?5");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, py, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, after_rank);
	sqlite3_bind_text(st, 4, after_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, limit + 1);
	if (collect(a, st, limit, out) != OK)
		return ERR;
	if (out->next) {
		const struct region *last = &out->items[out->n - 1];
		int rank = !strcmp(last->level, "province")   ? 0
		           : !strcmp(last->level, "league")   ? 1
		           : !strcmp(last->level, "county")   ? 2
		           : !strcmp(last->level, "township") ? 3
		                                              : 4;
		out->next = arena_printf(a, "%d:%s", rank, last->code);
	}
	sqlite3_stmt *ct = store_stmt(s, "SELECT COUNT(*)" SEARCH_WHERE);
	if (!ct)
		return ERR;
	sqlite3_bind_text(ct, 1, term, -1, SQLITE_STATIC);
	sqlite3_bind_text(ct, 2, py, -1, SQLITE_STATIC);
	out->total = count_rows(ct);
	return OK;
}
