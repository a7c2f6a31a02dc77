/* cli_audit.c: `tala audit verify` (walks the hash chain; exit 0 when intact, 1 naming the
 * first bad entry) and `tala audit export [--from DATE] [--to DATE] [FILE]` (CSV of the
 * whole log or a date range, dates in China Standard Time, --to inclusive). */
#include "app/app.h"
#include "audit/audit.h"
#include "base/common.h"
#include "cli/cli.h"
#include "cli/cli_args.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] = "usage: tala audit verify | tala audit export [--from YYYY-MM-DD]"
                            " [--to YYYY-MM-DD] [FILE]\n"
                            "  verify   check the audit log's hash chain; exit 1 naming the"
                            " first bad entry\n"
                            "  export   the log as CSV (UTF-8 with BOM) to FILE or standard"
                            " output;\n"
                            "           dates are China Standard Time (UTC+8), --to is"
                            " inclusive\n"
                            "Common options: --data DIR, --config FILE, --set KEY=VALUE\n";

static int verify_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "audit verify", NULL, 0, 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala audit verify: %s\n", err);
		return 1;
	}
	int64_t bad = 0, n = 0;
	rc = audit_verify(s, &bad, &n, err, sizeof err);
	store_close(s);
	if (rc != OK) {
		fprintf(stderr, "tala audit verify: chain broken at entry %lld: %s\n",
		        (long long)bad, err);
		return 1;
	}
	printf("audit chain intact: %lld entries (head %s)\n", (long long)n, err);
	return 0;
}

struct export_out {
	FILE *f;
	struct strbuf line;
	int64_t rows;
};

static int export_row(void *ctx, const struct audit_row *r)
{
	struct export_out *o = ctx;
	strbuf_reset(&o->line);
	audit_csv_row(&o->line, r);
	o->rows++;
	return fwrite(o->line.data, 1, o->line.len, o->f) == o->line.len ? OK : ERR;
}

/* Takes --from/--to (not configuration keys) out of argv, keeping the rest in order. */
static int take_dates(int *argc, char **argv, const char **from, const char **to)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char **slot = strcmp(argv[i], "--from") == 0 ? from
		                    : strcmp(argv[i], "--to") == 0 ? to
		                                                   : NULL;
		if (!slot) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc) {
			fprintf(stderr, "tala audit export: %s needs a date (YYYY-MM-DD)\n",
			        argv[i]);
			return 2;
		}
		*slot = argv[++i];
	}
	*argc = out;
	return 0;
}

static int export_main(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	int rc = take_dates(&argc, argv, &from, &to);
	if (rc)
		return rc;
	struct cli_args args;
	rc = cli_parse(argc, argv, "audit export [--from DATE] [--to DATE] [FILE]", NULL, 0, 0, 1,
	               &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	struct audit_filter f = {.all_scopes = true};
	const char *bad = from && audit_parse_date(from, &f.from_ms) != OK ? from
	                  : to && audit_parse_date(to, &f.to_ms) != OK     ? to
	                                                                   : NULL;
	if (bad) {
		fprintf(stderr, "tala audit export: '%s' is not a date (YYYY-MM-DD)\n", bad);
		return 2;
	}
	if (to)
		f.to_ms += 24LL * 3600 * 1000; /* through the end of that day */
	if (from && to && f.from_ms >= f.to_ms) {
		fprintf(stderr, "tala audit export: --from %s is after --to %s\n", from, to);
		return 2;
	}
	const char *path = args.npos ? args.positional[0] : NULL;
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala audit export: %s\n", err);
		return 1;
	}
	struct export_out o = {stdout, {0}, 0};
	if (path) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 || !(o.f = fdopen(fd, "w"))) {
			int e = errno;
			fprintf(stderr, "tala audit export: %s: %s\n", path,
			        e == EEXIST ? "exists; choose a new file" : strerror(e));
			if (fd >= 0)
				close(fd);
			store_close(s);
			return e == EEXIST ? 2 : 1;
		}
	}
	/* taking a copy of the log is itself recorded, before the copy is made */
	char summary[160];
	snprintf(summary, sizeof summary, "csv%s%s%s%s", from ? " from=" : "", from ? from : "",
	         to ? " to=" : "", to ? to : "");
	rc = audit_cli_append(s, "audit.export", "audit_log", NULL, summary);
	strbuf_init(&o.line);
	if (rc == OK) {
		audit_csv_header(&o.line);
		rc = fwrite(o.line.data, 1, o.line.len, o.f) == o.line.len ? OK : ERR;
	}
	if (rc == OK)
		rc = audit_each(s, &f, export_row, &o);
	strbuf_free(&o.line);
	store_close(s);
	if (fflush(o.f) != 0)
		rc = ERR;
	if (path && fclose(o.f) != 0)
		rc = ERR;
	if (rc != OK) {
		fprintf(stderr, "tala audit export: failed after %lld entries\n",
		        (long long)o.rows);
		return 1;
	}
	if (path)
		fprintf(stderr, "tala: %lld audit entries written to %s\n", (long long)o.rows,
		        path);
	return 0;
}

int cli_audit_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	/* argv[0] of a subcommand names it in cli_parse's messages ("tala audit export: ...") */
	if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
		argv[1] = (char *)"audit verify";
		return verify_main(argc - 1, argv + 1);
	}
	if (argc >= 2 && strcmp(argv[1], "export") == 0) {
		argv[1] = (char *)"audit export";
		return export_main(argc - 1, argv + 1);
	}
	fprintf(stderr, "tala audit: expected verify or export (tala audit --help)\n");
	return 2;
}
