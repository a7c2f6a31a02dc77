/* officer_import.c: bulk import of existing officer lists from CSV (`tala officer import` and
 * the console's upload). The file is UTF-8 CSV (RFC 4180 quoting, optional BOM, LF or CRLF)
 * with a header naming the columns phone and township (required) and org, bio_zh, bio_mn
 * (optional), in any order. Each row names an existing account by its phone number; the
 * import makes it an active officer of the township, confirmed by the importer.
 *
 * Every row is checked before anything is written, and every problem is reported with its
 * line and column: invalid or unknown phone numbers, the same account twice in the file,
 * accounts that are officers already, unknown townships or ones outside the importer's scope,
 * over-long fields, wrong field counts. A file with any error imports nothing unless the
 * caller asks for the valid rows only; the rows are written in one write (all or none) with
 * its audit entry, by the caller (HTTP: req_write; CLI: audit_cli_write). */
#include "officer/officer_internal.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"

#include <string.h>

#define IMPORT_ORG_MAX 100 /* characters */
#define IMPORT_BIO_MAX 500

/* Splits csv into rows of fields (arena). Returns the number of rows, or -1 with *bad_line
 * set when a quoted field is not closed. */
int officer_csv_parse(struct arena *a, const char *csv, size_t n, struct csv_row **out,
                      int *bad_line)
{
	size_t i = 0, nrows = 0, rcap = 0;
	struct csv_row *rows = NULL;
	int line = 1;
	if (n >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		struct csv_row row = {line, NULL, 0};
		size_t fcap = 0;
		for (;;) { /* one field */
			struct strbuf f;
			strbuf_init(&f);
			if (i < n && csv[i] == '"') {
				int start = line;
				i++;
				for (;;) {
					if (i >= n) {
						strbuf_free(&f);
						*bad_line = start;
						return -1;
					}
					if (csv[i] == '"') {
						if (i + 1 < n && csv[i + 1] == '"') {
							strbuf_putc(&f, '"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (csv[i] == '\n')
						line++;
					strbuf_putc(&f, csv[i++]);
				}
				/* anything between the closing quote and the separator is kept */
				while (i < n && csv[i] != ',' && csv[i] != '\n' && csv[i] != '\r')
					strbuf_putc(&f, csv[i++]);
			} else {
				while (i < n && csv[i] != ',' && csv[i] != '\n' && csv[i] != '\r')
					strbuf_putc(&f, csv[i++]);
			}
			row.fields =
			    arena_grow_array(a, row.fields, row.n, &fcap, sizeof *row.fields);
			row.fields[row.n++] = arena_strndup(a, f.data ? f.data : "", f.len);
			strbuf_free(&f);
			if (i < n && csv[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		if (i < n && csv[i] == '\r')
			i++;
		if (i < n && csv[i] == '\n')
			i++;
		line++;
		/* blank lines are skipped */
		if (row.n == 1 && row.fields[0][0] == '\0')
			continue;
		rows = arena_grow_array(a, rows, nrows, &rcap, sizeof *rows);
		rows[nrows++] = row;
	}
	*out = rows;
	return (int)nrows;
}

enum { COL_PHONE, COL_TOWNSHIP, COL_ORG, COL_BIO_ZH, COL_BIO_MN, COL_COUNT };
static const char *const col_names[COL_COUNT] = {"phone", "township", "org", "bio_zh", "bio_mn"};

static void add_error(struct arena *a, struct import_result *res, size_t *cap, int line,
                      const char *field, const char *reason)
{
	res->errors = arena_grow_array(a, res->errors, res->nerrors, cap, sizeof *res->errors);
	res->errors[res->nerrors++] = (struct import_error){line, field, reason};
}

/* The id of the account whose phone number is phone (normalised), or 0. */
static int64_t user_by_phone(struct store *s, struct arena *a, const char *phone)
{
	struct user_filter f = {.all_scopes = true, .q = phone, .limit = 20};
	struct user_page pg;
	if (auth_users_list(s, a, &f, &pg) != OK)
		return 0;
	for (size_t i = 0; i < pg.n; i++) {
		if (!pg.items[i].phone_enc)
			continue;
		const char *p = auth_phone_open(a, pg.items[i].phone_enc, pg.items[i].phone_len);
		if (p && strcmp(p, phone) == 0)
			return pg.items[i].id;
	}
	return 0;
}

static bool in_scopes(const char *code, const char *const *scopes, size_t nscopes)
{
	if (!scopes)
		return true;
	for (size_t i = 0; i < nscopes; i++)
		if (strncmp(code, scopes[i], strlen(scopes[i])) == 0)
			return true;
	return false;
}

static bool text_ok(const char *s, int max_chars)
{
	return utf8_valid(s, strlen(s)) && utf8_length(s, strlen(s)) <= (size_t)max_chars;
}

int officer_import_check(struct store *s, struct arena *a, const char *csv, size_t n,
                         const char *const *scopes, size_t nscopes, struct import_result *res,
                         struct import_batch *batch)
{
	memset(res, 0, sizeof *res);
	memset(batch, 0, sizeof *batch);
	size_t ecap = 0;
	struct csv_row *rows;
	int bad_line = 0;
	if (!utf8_valid(csv, n)) {
		add_error(a, res, &ecap, 1, NULL, "officer.import.invalid_encoding");
		return ERR;
	}
	int nrows = officer_csv_parse(a, csv, n, &rows, &bad_line);
	if (nrows < 0) {
		add_error(a, res, &ecap, bad_line, NULL, "officer.import.unclosed_quote");
		return ERR;
	}
	if (nrows == 0) {
		add_error(a, res, &ecap, 1, NULL, "officer.import.no_header");
		return ERR;
	}
	/* the header: which column holds what */
	int where[COL_COUNT];
	for (int c = 0; c < COL_COUNT; c++)
		where[c] = -1;
	for (size_t j = 0; j < rows[0].n; j++) {
		int c = 0;
		while (c < COL_COUNT && strcmp(rows[0].fields[j], col_names[c]) != 0)
			c++;
		if (c == COL_COUNT || where[c] >= 0) {
			add_error(a, res, &ecap, 1, rows[0].fields[j], "officer.import.bad_header");
			return ERR;
		}
		where[c] = (int)j;
	}
	if (where[COL_PHONE] < 0 || where[COL_TOWNSHIP] < 0) {
		add_error(a, res, &ecap, 1, where[COL_PHONE] < 0 ? "phone" : "township",
		          "officer.import.no_header");
		return ERR;
	}
	struct import_row *ok = arena_alloc(a, (size_t)nrows * sizeof *ok);
	size_t nok = 0;
	int64_t *seen = arena_alloc(a, (size_t)nrows * sizeof *seen);
	size_t nseen = 0;
	res->rows = nrows - 1;
	for (int r = 1; r < nrows; r++) {
		const struct csv_row *row = &rows[r];
		size_t before = res->nerrors;
		if (row->n != rows[0].n) {
			add_error(a, res, &ecap, row->line, NULL, "officer.import.fields");
			continue;
		}
		const char *v[COL_COUNT];
		for (int c = 0; c < COL_COUNT; c++)
			v[c] = where[c] >= 0 ? row->fields[where[c]] : "";
		const char *phone = auth_phone_normalize(a, v[COL_PHONE]);
		int64_t user = 0;
		if (!phone) {
			add_error(a, res, &ecap, row->line, "phone",
			          "officer.import.invalid_phone");
		} else if (!(user = user_by_phone(s, a, phone))) {
			add_error(a, res, &ecap, row->line, "phone",
			          "officer.import.unknown_phone");
		} else {
			bool dup = false;
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = seen[k] == user;
			struct officer existing;
			if (dup)
				add_error(a, res, &ecap, row->line, "phone",
				          "officer.import.duplicate");
			else if (officer_by_user(s, a, user, &existing) == OK)
				add_error(a, res, &ecap, row->line, "phone",
				          "officer.import.already_officer");
			seen[nseen++] = user;
		}
		if (!officer_township_valid(s, v[COL_TOWNSHIP]))
			add_error(a, res, &ecap, row->line, "township",
			          "officer.import.unknown_township");
		else if (!in_scopes(v[COL_TOWNSHIP], scopes, nscopes))
			add_error(a, res, &ecap, row->line, "township",
			          "officer.import.out_of_scope");
		if (!text_ok(v[COL_ORG], IMPORT_ORG_MAX))
			add_error(a, res, &ecap, row->line, "org", "officer.import.too_long");
		if (!text_ok(v[COL_BIO_ZH], IMPORT_BIO_MAX))
			add_error(a, res, &ecap, row->line, "bio_zh", "officer.import.too_long");
		if (!text_ok(v[COL_BIO_MN], IMPORT_BIO_MAX))
			add_error(a, res, &ecap, row->line, "bio_mn", "officer.import.too_long");
		if (res->nerrors == before)
			ok[nok++] = (struct import_row){user, v[COL_TOWNSHIP], v[COL_ORG],
			                                v[COL_BIO_ZH], v[COL_BIO_MN]};
	}
	res->valid = (int)nok;
	batch->rows = ok;
	batch->n = nok;
	batch->now_ms = clock_wall_ms();
	return OK;
}

bool officer_import_should_write(const struct import_result *res, bool valid_only, bool dry_run)
{
	return !dry_run && res->valid > 0 && (res->nerrors == 0 || valid_only);
}
