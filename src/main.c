/* main.c: the `tala` entry point — picks the subcommand from a table, nothing else. */
#include "base/common.h"
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define TALA_VERSION "0.1.0"

static int version_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") != 0) {
		fprintf(stderr, "tala version: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	printf("tala %s (schema %d, sqlite %s)\n", TALA_VERSION, store_schema_latest(),
	       sqlite3_libversion());
	return 0;
}

static int help_main(int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
    {"serve", cli_serve_main, "serve HTTP (--port N, --bind ADDR)"},
    {"init", cli_init_main, "create the data directory, database and region tree"},
    {"migrate", cli_migrate_main, "apply pending database migrations"},
    {"demo", cli_demo_main, "load demo data"},
    {"backup", cli_backup_main, "write an online backup of the database to FILE"},
    {"audit", cli_audit_main, "verify the audit log's hash chain, export it as CSV"},
    {"user", cli_user_main, "accounts: add, passwd, grant, revoke, lock, unlock, list"},
    {"quiz", cli_quiz_main, "quizzes: question bank import/export, campaigns"},
    {"officer", cli_officer_main, "information officers: import a CSV list"},
    {"text", cli_text_main, "Mongolian/Chinese text tools (normalize, menk2uni, ...)"},
    {"version", version_main, "print the version"},
    {"help", help_main, "this list"},
};

static int help_main(int argc, char **argv)
{
	printf("usage: tala COMMAND [--data DIR] [--config FILE] [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		printf("  %-8s %s\n", commands[i].name, commands[i].help);
	printf("\n`tala COMMAND --help` describes each.\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "tala: missing command (see tala help)\n");
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return help_main(argc - 1, argv + 1);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "tala: unknown command '%s' (see tala help)\n", argv[1]);
	return 2;
}
