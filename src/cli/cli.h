/* cli.h: the operator subcommands of `tala`. Each takes the arguments after its name
 * (argv[0] is the subcommand) and returns the process exit code: 0 success, 1 failure,
 * 2 bad usage (after one line on stderr). */
#ifndef TALA_CLI_H
#define TALA_CLI_H

int cli_serve_main(int argc, char **argv);
int cli_init_main(int argc, char **argv);
int cli_migrate_main(int argc, char **argv);
int cli_demo_main(int argc, char **argv);
int cli_backup_main(int argc, char **argv);
int cli_text_main(int argc, char **argv);
int cli_text_reindex_main(int argc, char **argv); /* tala text reindex */
int cli_user_main(int argc, char **argv);
int cli_audit_main(int argc, char **argv);
/* `tala quiz`: dispatches to the subcommands in cli_quiz.c's table (declared below). */
int cli_quiz_main(int argc, char **argv);
int cli_officer_main(int argc, char **argv);
/* `tala quiz import` / `tala quiz export`: the question bank in GIFT or CSV. */
int cli_quiz_import_main(int argc, char **argv);
int cli_quiz_export_main(int argc, char **argv);

#endif
