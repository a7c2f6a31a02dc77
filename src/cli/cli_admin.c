/* cli_admin.c: `tala init`, `tala migrate`, `tala demo`, `tala backup FILE`. */
#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/common.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "content/content.h"
#include "feedback/feedback.h"
#include "region/region.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int region_count(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT COUNT(*) FROM regions");
	int n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (st)
		sqlite3_reset(st);
	return n;
}

int cli_init_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "init", NULL, 0, 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, true, true, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala init: %s\n", err);
		return 1;
	}
	if (auth_keys_create(args.cfg.data_dir, err, sizeof err) != OK) {
		fprintf(stderr, "tala init: %s\n", err);
		store_close(s);
		return 1;
	}
	int n = region_count(s);
	if (n == 0) {
		char summary[64];
		if (region_import(s, &n, err, sizeof err) != OK) {
			fprintf(stderr, "tala init: %s\n", err);
			store_close(s);
			return 1;
		}
		snprintf(summary, sizeof summary, "%d regions imported", n);
		if (audit_cli_append(s, "region.import", "regions", NULL, summary) != OK) {
			fprintf(stderr, "tala init: cannot write the audit log\n");
			store_close(s);
			return 1;
		}
	}
	if (content_init_region_site(s, err, sizeof err) != OK) {
		fprintf(stderr, "tala init: %s\n", err);
		store_close(s);
		return 1;
	}
	printf("tala: %s/tala.db ready (schema %d, %d regions)\n", args.cfg.data_dir,
	       store_schema_latest(), n);
	store_close(s);
	return 0;
}

int cli_migrate_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "migrate", NULL, 0, 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s && strstr(err, "differs")) { /* expected: that is what migrate is for */
		struct config c = args.cfg;
		s = app_store_open(&c, false, true, err, sizeof err);
		if (s) {
			printf("tala: migrated to schema %d\n", store_schema_latest());
			store_close(s);
			return 0;
		}
	}
	if (!s) {
		fprintf(stderr, "tala migrate: %s\n", err);
		return 1;
	}
	printf("tala: schema %d is current\n", store_schema_latest());
	store_close(s);
	return 0;
}

/* Demo data: a few feedback messages in both languages. */
static const struct feedback demo_feedback[] = {
    {"zh", "希望多一些关于牧区防灾减灾的科普视频。", NULL, "1525", 0},
    {"mn", "ᠮᠠᠯ ᠤᠨ ᠡᠮᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠡᠷᠳᠡᠮ ᠤᠬᠠᠭᠠᠨ ᠤ ᠮᠡᠳᠡᠯᠭᠡ ᠶᠢ ᠣᠯᠠᠨ ᠪᠣᠯᠭᠠᠭᠠᠷᠠᠢ᠃", NULL, "1505", 0},
    {"zh", "手机上的蒙古文显示很清楚，谢谢！", NULL, NULL, 0},
};

int cli_demo_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "demo", NULL, 0, 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala demo: %s\n", err);
		return 1;
	}
	int loaded = 0;
	for (size_t i = 0; i < ARRAY_LEN(demo_feedback); i++) {
		struct feedback f = demo_feedback[i];
		struct audit_entry note = {.action = "feedback.create",
		                           .object_type = "feedback",
		                           .object_ref = &f.id,
		                           .scope = f.region_code,
		                           .summary = "demo data"};
		if (audit_cli_write(s, feedback_insert, &f, &note) == OK)
			loaded++;
	}
	int sites = 0, articles = 0;
	int content_rc = content_demo_load(s, &sites, &articles, err, sizeof err);
	if (content_rc != OK)
		fprintf(stderr, "tala demo: %s\n", err);
	store_close(s);
	printf("tala: demo data loaded (%d feedback messages, %d sites, %d articles)\n", loaded,
	       sites, articles);
	return loaded == (int)ARRAY_LEN(demo_feedback) && content_rc == OK ? 0 : 1;
}

int cli_backup_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "backup FILE", NULL, 0, 1, 1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	const char *dest = args.positional[0];
	struct stat st;
	if (stat(dest, &st) == 0) {
		fprintf(stderr, "tala backup: %s exists; choose a new file\n", dest);
		return 2;
	}
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala backup: %s\n", err);
		return 1;
	}
	rc = store_backup(s, dest, err, sizeof err);
	store_close(s);
	if (rc != OK) {
		fprintf(stderr, "tala backup: %s\n", err);
		return 1;
	}
	printf("tala: backup written to %s\n", dest);
	return 0;
}
