/* officer_honour_http.c: the "outstanding officers" selection report for org managers —
 * the page /admin/officers/honours (criteria form and list), its exports
 * /admin/officers/honours.xlsx and .csv (each export is audited: it carries names), and
 * GET /api/v1/officers/honours. Criteria come from the query (area, year, min_readers,
 * min_months) with the honours.* settings as defaults; org.manage over the area. */
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "officer/officer_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HONOUR_PERM  "org.manage"
#define HONOUR_MAX   5000
#define HONOUR_NCOLS 9

static const char *const col_keys[HONOUR_NCOLS] = {
    "points.rank",    "points.officer", "points.league", "points.county",       "points.township",
    "points.readers", "points.shares",  "points.points", "points.active_months"};

/* Reads the criteria; ERR after answering 400. */
static int criteria_read(struct req *rq, struct resp *rs, struct honour_criteria *c)
{
	const struct config *cfg = rq->app->cfg;
	if (points_query_area(rq, rs, HONOUR_PERM, &c->area) != OK)
		return ERR;
	char today[11];
	points_day_str(points_today(clock_wall_ms()), today);
	int64_t year, min_readers, min_months;
	if (!points_query_int(rq, "year", 2000, 9999, atoi(today), &year))
		return points_reply_bad(rq, rs, "year"), ERR;
	if (!points_query_int(rq, "min_readers", 0, 100000000, cfg->honours_min_readers,
	                      &min_readers))
		return points_reply_bad(rq, rs, "min_readers"), ERR;
	if (!points_query_int(rq, "min_months", 0, 12, cfg->honours_min_months, &min_months))
		return points_reply_bad(rq, rs, "min_months"), ERR;
	c->year = (int)year;
	c->min_readers = min_readers;
	c->min_months = (int)min_months;
	c->limit = HONOUR_MAX;
	return OK;
}

/* The selection as a sheet of cells in the request's language. */
static int sheet_build(struct req *rq, struct resp *rs, struct honour_criteria *c,
                       struct honour_sheet *sh)
{
	if (criteria_read(rq, rs, c) != OK)
		return ERR;
	struct honour_row *rows;
	int n = points_honours(rq->app->store, rq->arena, c, &rows);
	if (n < 0)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal"), ERR;
	const char **header = arena_alloc(rq->arena, HONOUR_NCOLS * sizeof *header);
	for (int i = 0; i < HONOUR_NCOLS; i++)
		header[i] = T(rq, col_keys[i]);
	struct honour_cell *cells =
	    arena_alloc(rq->arena, (size_t)(n ? n : 1) * HONOUR_NCOLS * sizeof *cells);
	for (int r = 0; r < n; r++) {
		struct honour_cell *row = &cells[r * HONOUR_NCOLS];
		row[0].number = r + 1;
		row[1].text = points_officer_name(rq, rows[r].officer_id);
		row[2].text =
		    points_region_name(rq, arena_printf(rq->arena, "%.4s", rows[r].township));
		row[3].text =
		    points_region_name(rq, arena_printf(rq->arena, "%.6s", rows[r].township));
		row[4].text = points_region_name(rq, rows[r].township);
		row[5].number = rows[r].readers;
		row[6].number = rows[r].shares;
		row[7].number = rows[r].points;
		row[8].number = rows[r].months;
	}
	*sh = (struct honour_sheet){T(rq, "points.honours_sheet"), header, HONOUR_NCOLS, n, cells};
	return OK;
}

/* GET /api/v1/officers/honours */
static int api_honours(struct req *rq, struct resp *rs)
{
	struct honour_criteria c;
	struct honour_sheet sh;
	if (sheet_build(rq, rs, &c, &sh) != OK)
		return OK;
	static const char *const names[HONOUR_NCOLS] = {"rank",   "name",     "league",
	                                                "county", "township", "readers",
	                                                "shares", "points",   "months"};
	json_t *items = json_array();
	for (int r = 0; r < sh.nrows; r++) {
		json_t *o = json_object();
		for (int k = 0; k < HONOUR_NCOLS; k++) {
			const struct honour_cell *cell = &sh.cells[r * HONOUR_NCOLS + k];
			json_object_set_new(o, names[k],
			                    cell->text ? json_string(cell->text)
			                               : json_integer(cell->number));
		}
		json_array_append_new(items, o);
	}
	return reply_json(rs, 200,
	                  json_pack("{s:s, s:i, s:I, s:i, s:o, s:i, s:n}", "area", c.area, "year",
	                            c.year, "min_readers", (json_int_t)c.min_readers, "min_months",
	                            c.min_months, "items", items, "total", sh.nrows, "next"));
}

/* GET /admin/officers/honours */
static int page_honours(struct req *rq, struct resp *rs)
{
	struct honour_criteria c;
	struct honour_sheet sh;
	if (sheet_build(rq, rs, &c, &sh) != OK)
		return OK;
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "points.honours_title"));
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(rq, "points.honours_title"),
	            T(rq, "points.honours_about"));
	html_printf(
	    o,
	    "<form method=\"get\" class=\"filters\"><label>%s <input name=\"area\" value=\"%s\""
	    " maxlength=\"9\"></label><label>%s <input name=\"year\" value=\"%d\" "
	    "inputmode=\"numeric\"></label><label>%s <input name=\"min_readers\" value=\"%ld\""
	    " inputmode=\"numeric\"></label><label>%s <input name=\"min_months\" value=\"%d\""
	    " inputmode=\"numeric\"></label><button>%s</button></form>",
	    T(rq, "points.area"), c.area, T(rq, "points.year"), c.year, T(rq, "points.min_readers"),
	    (long)c.min_readers, T(rq, "points.min_months"), c.min_months, T(rq, "points.show"));
	const char *q = arena_printf(rq->arena, "area=%s&year=%d&min_readers=%ld&min_months=%d",
	                             c.area, c.year, (long)c.min_readers, c.min_months);
	html_printf(o,
	            "<p><a href=\"/admin/officers/honours.xlsx?%s\">XLSX</a> · "
	            "<a href=\"/admin/officers/honours.csv?%s\">CSV</a> · %s: %d</p>",
	            q, q, T(rq, "points.total"), sh.nrows);
	html_printf(o, "<table class=\"honours\"><thead><tr>");
	for (int k = 0; k < HONOUR_NCOLS; k++)
		html_printf(o, "<th>%s</th>", sh.header[k]);
	html_printf(o, "</tr></thead><tbody>");
	for (int r = 0; r < sh.nrows; r++) {
		html_printf(o, "<tr>");
		for (int k = 0; k < HONOUR_NCOLS; k++) {
			const struct honour_cell *cell = &sh.cells[r * HONOUR_NCOLS + k];
			if (cell->text)
				html_printf(o, "<td>%s</td>", cell->text);
			else
				html_printf(o, "<td>%ld</td>", (long)cell->number);
		}
		html_printf(o, "</tr>");
	}
	if (!sh.nrows)
		html_printf(o, "<tr><td colspan=\"%d\">%s</td></tr>", HONOUR_NCOLS,
		            T(rq, "points.no_entries"));
	html_printf(o, "</tbody></table>");
	page_end(rq, rs);
	return OK;
}

/* ---- exports: built first, sent after their audit entry is durable ---- */

struct honour_export {
	char *data; /* in the request arena */
	size_t len;
	const char *ctype, *filename;
};

static int export_sent(struct req *rq, struct resp *rs)
{
	struct honour_export *ex = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	rs->status = 200;
	rs->content_type = ex->ctype;
	strbuf_append(&rs->body, ex->data, ex->len);
	resp_header(rs, "Content-Disposition",
	            arena_printf(rq->arena, "attachment; filename=\"%s\"", ex->filename));
	return OK;
}

static int export_begin(struct req *rq, struct resp *rs, bool xlsx)
{
	struct honour_criteria c;
	struct honour_sheet sh;
	if (sheet_build(rq, rs, &c, &sh) != OK)
		return OK;
	struct honour_export *ex = arena_alloc(rq->arena, sizeof *ex);
	struct strbuf body;
	strbuf_init(&body);
	if (xlsx) {
		if (points_honours_xlsx(&sh, &body) != OK) {
			strbuf_free(&body);
			return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
		}
		ex->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else {
		strbuf_puts(&body, "\xEF\xBB\xBF");
		for (int r = -1; r < sh.nrows; r++) {
			for (int k = 0; k < HONOUR_NCOLS; k++) {
				if (k)
					strbuf_puts(&body, ",");
				const struct honour_cell *cell =
				    r < 0 ? NULL : &sh.cells[r * HONOUR_NCOLS + k];
				if (!cell)
					audit_csv_cell(&body, sh.header[k]);
				else if (cell->text)
					audit_csv_cell(&body, cell->text);
				else
					strbuf_printf(&body, "%lld", (long long)cell->number);
			}
			strbuf_puts(&body, "\r\n");
		}
		ex->ctype = "text/csv; charset=utf-8";
	}
	ex->len = body.len;
	ex->data = arena_alloc(rq->arena, body.len + 1);
	memcpy(ex->data, body.data, body.len);
	strbuf_free(&body);
	ex->filename =
	    arena_printf(rq->arena, "honours-%s-%d.%s", c.area, c.year, xlsx ? "xlsx" : "csv");
	rq->audit.action = "officer.honours.export";
	rq->audit.object_type = "officer_honours";
	rq->audit.scope = c.area;
	rq->audit.summary = arena_printf(
	    rq->arena, "%s year=%d min_readers=%ld min_months=%d rows=%d", xlsx ? "xlsx" : "csv",
	    c.year, (long)c.min_readers, c.min_months, sh.nrows);
	return req_write(rq, auth_noop_write, ex, export_sent);
}

/* GET /admin/officers/honours.xlsx */
static int page_honours_xlsx(struct req *rq, struct resp *rs)
{
	return export_begin(rq, rs, true);
}

/* GET /admin/officers/honours.csv */
static int page_honours_csv(struct req *rq, struct resp *rs)
{
	return export_begin(rq, rs, false);
}

void officer_honour_mount(struct router *r)
{
	router_add(r, "GET", "/api/v1/officers/honours", HONOUR_PERM, api_honours)->scope_param =
	    "area";
	router_add(r, "GET", "/admin/officers/honours", HONOUR_PERM, page_honours)->scope_param =
	    "area";
	router_add(r, "GET", "/admin/officers/honours.xlsx", HONOUR_PERM, page_honours_xlsx)
	    ->scope_param = "area";
	router_add(r, "GET", "/admin/officers/honours.csv", HONOUR_PERM, page_honours_csv)
	    ->scope_param = "area";
}
