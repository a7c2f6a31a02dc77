/* cli_quiz.c: `tala quiz SUBCOMMAND`: the dispatcher of the quiz's operator commands. Each
 * subcommand is one row of the table below (the question bank's import/export, the
 * campaigns' draw verification, ...), implemented in its own cli_quiz_*.c and declared in
 * cli.h; argv[0] of a subcommand names it ("quiz import") for cli_parse's messages. */
#include "cli/cli.h"
#include "quiz/quiz.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *label; /* "quiz NAME", argv[0] of the subcommand */
	const char *help;
} subcommands[] = {
    /* rows are added here by the quiz's parts; the NULL row ends the table */
    {"import", cli_quiz_import_main, "quiz import",
     "read questions from a GIFT or CSV file (report of rejected ones)"},
    {"export", cli_quiz_export_main, "quiz export", "write the question bank as GIFT or CSV"},
    {"draw", quiz_cli_draw, "quiz draw", "CAMPAIGN: the prize draw of a closed campaign (once)"},
    {"draw-verify", quiz_cli_draw_verify, "quiz draw-verify",
     "CAMPAIGN | --file DRAW.json: recompute a draw from the database or its published JSON"},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tala quiz SUBCOMMAND [options]\n\nsubcommands:\n");
	for (size_t i = 0; subcommands[i].name; i++)
		fprintf(f, "  %-12s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n`tala quiz SUBCOMMAND --help` describes each. Common options: --data DIR,"
	           " --config FILE, --set KEY=VALUE\n");
}

int cli_quiz_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "tala quiz: missing subcommand (tala quiz --help)\n");
		return 2;
	}
	for (size_t i = 0; subcommands[i].name; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			argv[1] = (char *)subcommands[i].label;
			return subcommands[i].fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "tala quiz: unknown subcommand '%s' (tala quiz --help)\n", argv[1]);
	return 2;
}
