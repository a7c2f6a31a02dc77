/* cli_args.h: the option parser shared by every subcommand. Each subcommand lists its own
 * flags (mapped to config keys) in a table; --data DIR, --config FILE, --set KEY=VALUE and
 * --help are common. Configuration is layered: defaults, file, TALA_* environment, flags. */
#ifndef TALA_CLI_ARGS_H
#define TALA_CLI_ARGS_H

#include "base/config.h"

#include <stddef.h>

struct cli_flag {
	const char *name;       /* "--port" */
	const char *config_key; /* "server.port" */
	const char *help;
};

#define CLI_MAX_POSITIONAL 8

struct cli_args {
	struct config cfg;
	const char *positional[CLI_MAX_POSITIONAL];
	int npos;
};

/* Parses argv (argv[0] is the subcommand). Returns 0 to go on, 2 after printing one line
 * on stderr for bad usage, 1 for a configuration error, and -1 when --help printed usage
 * (exit 0). min_pos..max_pos positional arguments are accepted. */
int cli_parse(int argc, char **argv, const char *usage, const struct cli_flag *flags, size_t nflags,
              int min_pos, int max_pos, struct cli_args *out);

#endif
