/* cli_quiz_bank.c: `tala quiz import FILE [--format gift|csv] [--valid-only] [--dry-run]`
 * and `tala quiz export [--format gift|csv] [--status active|retired] [FILE]` — the question
 * bank in Moodle GIFT or CSV (docs/quiz.md). Import reports every rejected question or row
 * on standard output ("FILE:LINE: reason (field)", reasons in Chinese), imports nothing
 * from a file with errors unless --valid-only, and saves the questions it imports in one
 * transaction with their audit entry. The format defaults to the file name's extension. */
#include "app/app.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/i18n.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "quiz/quiz_bank.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define IMPORT_MAX_BYTES (64u << 20)

struct opts {
	const char *format, *status;
	bool valid_only, dry_run;
};

/* Takes the subcommand's own flags out of argv, keeping the rest in order. Returns 0, or 2
 * after one line on stderr. */
static int take_opts(const char *cmd, int *argc, char **argv, struct opts *o)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char **slot = strcmp(argv[i], "--format") == 0   ? &o->format
		                    : strcmp(argv[i], "--status") == 0 ? &o->status
		                                                       : NULL;
		if (strcmp(argv[i], "--valid-only") == 0)
			o->valid_only = true;
		else if (strcmp(argv[i], "--dry-run") == 0)
			o->dry_run = true;
		else if (!slot)
			argv[out++] = argv[i];
		else if (i + 1 >= *argc) {
			fprintf(stderr, "tala %s: %s needs a value\n", cmd, argv[i]);
			return 2;
		} else
			*slot = argv[++i];
	}
	*argc = out;
	return 0;
}

/* The format named, or guessed from path's extension (GIFT otherwise). ERR when unknown. */
static int pick_format(const char *name, const char *path, enum quiz_format *f)
{
	if (!name) {
		const char *dot = path ? strrchr(path, '.') : NULL;
		*f = dot && strcasecmp(dot, ".csv") == 0 ? QUIZ_CSV : QUIZ_GIFT;
		return OK;
	}
	if (strcmp(name, "gift") == 0)
		*f = QUIZ_GIFT;
	else if (strcmp(name, "csv") == 0)
		*f = QUIZ_CSV;
	else
		return ERR;
	return OK;
}

/* Reads the whole file (at most IMPORT_MAX_BYTES) into a malloc'd buffer. */
static char *read_all(const char *path, size_t *n, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= IMPORT_MAX_BYTES)
		strbuf_append(&sb, buf, k);
	bool err = ferror(f) != 0;
	fclose(f);
	if (err || sb.len > IMPORT_MAX_BYTES) {
		*why = err ? "read error" : "larger than 64 MiB";
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, n);
}

int cli_quiz_import_main(int argc, char **argv)
{
	struct opts o = {0};
	int rc = take_opts("quiz import", &argc, argv, &o);
	if (rc)
		return rc;
	struct cli_args args;
	rc =
	    cli_parse(argc, argv, "quiz import FILE [--format gift|csv] [--valid-only] [--dry-run]",
	              NULL, 0, 1, 1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	const char *path = args.positional[0];
	enum quiz_format fmt;
	if (pick_format(o.format, path, &fmt) != OK) {
		fprintf(stderr, "tala quiz import: --format is gift or csv, not '%s'\n", o.format);
		return 2;
	}
	size_t n;
	const char *why = NULL;
	char *bytes = read_all(path, &n, &why);
	if (!bytes) {
		fprintf(stderr, "tala quiz import: %s: %s\n", path, why);
		return 2;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_import imp = {0};
	if (fmt == QUIZ_CSV)
		quiz_csv_parse(&a, bytes, n, &imp);
	else
		quiz_gift_parse(&a, bytes, n, &imp);
	for (size_t i = 0; i < imp.n; i++) {
		const struct quiz_import_item *it = &imp.items[i];
		if (!it->error_key)
			continue;
		printf("%s:%d: %s", path, it->line, i18n("zh", it->error_key));
		if (it->field)
			printf(" (%s)", it->field);
		if (it->detail)
			printf(": %s", it->detail);
		printf("\n");
	}
	size_t valid = imp.n - imp.n_errors;
	rc = 0;
	if (imp.n_errors && !o.valid_only) {
		fprintf(stderr,
		        "tala quiz import: %zu rejected, %zu valid; nothing imported (--valid-only"
		        " imports the valid ones)\n",
		        imp.n_errors, valid);
		rc = 2;
	} else if (o.dry_run) {
		fprintf(stderr, "tala quiz import: %zu would be imported, %zu rejected (dry run)\n",
		        valid, imp.n_errors);
	} else if (valid == 0) {
		fprintf(stderr, "tala quiz import: no questions in %s\n", path);
		rc = 2;
	} else {
		char err[512];
		struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
		if (!s) {
			fprintf(stderr, "tala quiz import: %s\n", err);
			rc = 1;
		} else {
			struct quiz_import_run run = {.imp = &imp, .now_ms = clock_wall_ms()};
			struct audit_entry note = {
			    .action = "quiz_question.import",
			    .object_type = "quiz_question",
			    .summary = arena_printf(&a, "%s %zu questions, %zu rejected",
			                            fmt == QUIZ_CSV ? "csv" : "gift", valid,
			                            imp.n_errors)};
			if (audit_cli_write(s, quiz_import_save, &run, &note) != OK) {
				fprintf(stderr,
				        "tala quiz import: the import failed; nothing imported\n");
				rc = 1;
			} else
				fprintf(stderr, "tala quiz import: %zu imported, %zu rejected\n",
				        run.imported, imp.n_errors);
			store_close(s);
		}
	}
	arena_free(&a);
	free(bytes);
	return rc;
}

int cli_quiz_export_main(int argc, char **argv)
{
	struct opts o = {0};
	int rc = take_opts("quiz export", &argc, argv, &o);
	if (rc)
		return rc;
	struct cli_args args;
	rc = cli_parse(argc, argv,
	               "quiz export [--format gift|csv] [--status active|retired] [FILE]", NULL, 0,
	               0, 1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	const char *path = args.npos ? args.positional[0] : NULL;
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	enum quiz_format fmt;
	if (pick_format(o.format, path, &fmt) != OK) {
		fprintf(stderr, "tala quiz export: --format is gift or csv, not '%s'\n", o.format);
		return 2;
	}
	if (o.status && !quiz_status_valid(o.status)) {
		fprintf(stderr, "tala quiz export: --status is active or retired, not '%s'\n",
		        o.status);
		return 2;
	}
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala quiz export: %s\n", err);
		return 1;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct strbuf out;
	strbuf_init(&out);
	rc = quiz_bank_export(s, &a, fmt, o.status, &out);
	store_close(s);
	FILE *f = stdout;
	bool opened = false;
	if (rc == OK && path) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			int e = errno;
			fprintf(stderr, "tala quiz export: %s: %s\n", path,
			        e == EEXIST ? "exists; choose a new file" : strerror(e));
			if (fd >= 0)
				close(fd);
			strbuf_free(&out);
			arena_free(&a);
			return e == EEXIST ? 2 : 1;
		}
		opened = true;
	}
	if (rc == OK && fwrite(out.data, 1, out.len, f) != out.len)
		rc = ERR;
	if (fflush(f) != 0 || (opened && fclose(f) != 0))
		rc = ERR;
	strbuf_free(&out);
	arena_free(&a);
	if (rc != OK) {
		fprintf(stderr, "tala quiz export: failed\n");
		return 1;
	}
	return 0;
}
