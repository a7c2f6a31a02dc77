/* officer_honour_xlsx.c: the honours list as an Excel workbook (libxlsxwriter): one sheet,
 * a header row in the reader's language, numbers as numbers. libxlsxwriter writes files,
 * so the workbook goes to a private temporary file that is read back and removed. */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

int points_honours_xlsx(const struct honour_sheet *sh, struct strbuf *out)
{
	char path[] = "/tmp/tala-honours-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return ERR;
	close(fd);
	int rc = ERR;
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		goto out;
	lxw_worksheet *ws = workbook_add_worksheet(wb, sh->sheet_name);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int c = 0; c < sh->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, sh->header[c], bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 1 ? 18 : 12, NULL);
	}
	for (int r = 0; r < sh->nrows; r++)
		for (int c = 0; c < sh->ncols; c++) {
			const struct honour_cell *cell = &sh->cells[r * sh->ncols + c];
			if (cell->text)
				worksheet_write_string(ws, (lxw_row_t)r + 1, (lxw_col_t)c,
				                       cell->text, NULL);
			else
				worksheet_write_number(ws, (lxw_row_t)r + 1, (lxw_col_t)c,
				                       (double)cell->number, NULL);
		}
	if (workbook_close(wb) != LXW_NO_ERROR)
		goto out;
	FILE *f = fopen(path, "rb");
	if (!f)
		goto out;
	char buf[16384];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(out, buf, n);
	rc = ferror(f) ? ERR : OK;
	fclose(f);
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "honours.xlsx", "cannot write the workbook");
	unlink(path);
	return rc;
}
