/* cli_officer.c: `tala officer import FILE [--valid-only] [--dry-run]` — bulk import of an
 * officer list from CSV (format: src/officer/officer_import.c). Prints one line per problem
 * ("line N: field: reason") on standard output and a summary; a file with problems imports
 * nothing (exit 2) unless --valid-only, which imports the valid rows (exit 0 when any were
 * imported). --dry-run only checks. The write carries its audit entry (actor cli:<user>). */
#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/common.h"
#include "base/i18n.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "officer/officer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: tala officer import FILE [--valid-only] [--dry-run]\n"
    "  FILE is UTF-8 CSV with a header: phone,township[,org,bio_zh,bio_mn]\n"
    "  --valid-only  import the valid rows of a file that has errors\n"
    "  --dry-run     check only\n"
    "Common options: --data DIR, --config FILE, --set KEY=VALUE\n";

/* Reads the whole file into a malloc'd buffer; NULL with errno set. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, got);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		strbuf_free(&sb);
		errno = EIO;
		return NULL;
	}
	if (!sb.data)
		strbuf_append(&sb, "", 0);
	return strbuf_detach(&sb, n);
}

static int import_main(int argc, char **argv)
{
	bool valid_only = false, dry_run = false;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--valid-only") == 0)
			valid_only = true;
		else if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = true;
		else
			argv[out++] = argv[i];
	}
	argc = out;
	struct cli_args args;
	int rc = cli_parse(argc, argv, "officer import FILE [--valid-only] [--dry-run]", NULL, 0, 1,
	                   1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	size_t n;
	char *csv = slurp(args.positional[0], &n);
	if (!csv) {
		fprintf(stderr, "tala officer import: %s: %s\n", args.positional[0],
		        strerror(errno));
		return 2;
	}
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s || auth_keys_load(args.cfg.data_dir, err, sizeof err) != OK) {
		fprintf(stderr, "tala officer import: %s\n", err);
		if (s)
			store_close(s);
		free(csv);
		return 1;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct import_result res;
	struct import_batch batch;
	rc = officer_import_check(s, &a, csv, n, NULL, 0, &res, &batch);
	for (size_t i = 0; i < res.nerrors; i++)
		printf("line %d: %s: %s\n", res.errors[i].line,
		       res.errors[i].field ? res.errors[i].field : "-",
		       i18n("zh", res.errors[i].reason));
	int exit_code = 0;
	if (rc != OK || (res.nerrors && !valid_only))
		exit_code = 2;
	if (rc == OK && officer_import_should_write(&res, valid_only, dry_run)) {
		char summary[64];
		snprintf(summary, sizeof summary, "%zu officers imported", batch.n);
		struct audit_entry note = {
		    .action = "officer.import", .object_type = "officer", .summary = summary};
		if (audit_cli_write(s, officer_import_write, &batch, &note) != OK) {
			fprintf(stderr, "tala officer import: the database refused the write\n");
			exit_code = 1;
		}
		res.imported = batch.imported;
	}
	printf("rows %d, valid %d, imported %d, errors %zu\n", res.rows, res.valid, res.imported,
	       res.nerrors);
	if (exit_code == 2)
		fprintf(stderr, "tala officer import: %zu problems in %s; nothing imported%s\n",
		        res.nerrors, args.positional[0],
		        rc == OK ? " (--valid-only imports the valid rows)" : "");
	arena_free(&a);
	store_close(s);
	free(csv);
	return exit_code;
}

int cli_officer_main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "import") == 0)
		return import_main(argc - 1, argv + 1);
	fprintf(stderr, "tala officer: unknown subcommand '%s' (see tala officer --help)\n",
	        argv[1]);
	return 2;
}
