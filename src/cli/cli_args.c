/* cli_args.c: see cli_args.h. */
#include "cli/cli_args.h"
#include "base/common.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

extern char **environ;

static void print_usage(const char *usage, const struct cli_flag *flags, size_t nflags)
{
	printf("usage: tala %s\n\noptions:\n", usage);
	for (size_t i = 0; i < nflags; i++)
		printf("  %-18s %s\n", flags[i].name, flags[i].help);
	printf("  %-18s %s\n  %-18s %s\n  %-18s %s\n  %-18s %s\n", "--data DIR",
	       "data directory (default ./var)", "--config FILE",
	       "configuration file (default DIR/tala.conf when present)", "--set KEY=VALUE",
	       "set any configuration key", "--help", "this text");
}

int cli_parse(int argc, char **argv, const char *usage, const struct cli_flag *flags, size_t nflags,
              int min_pos, int max_pos, struct cli_args *out)
{
	memset(out, 0, sizeof *out);
	config_defaults(&out->cfg);
	const char *config_file = NULL, *data_dir = NULL;
	/* (key, value) pairs from flags, applied last */
	const char *keys[64], *values[64];
	char setbuf[64][256];
	int nset = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_usage(usage, flags, nflags);
			return -1;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (out->npos == max_pos || out->npos == CLI_MAX_POSITIONAL) {
				fprintf(stderr, "tala %s: unexpected argument '%s'\n", argv[0], a);
				return 2;
			}
			out->positional[out->npos++] = a;
			continue;
		}
		size_t f = 0;
		while (f < nflags && strcmp(flags[f].name, a) != 0)
			f++;
		bool builtin = strcmp(a, "--data") == 0 || strcmp(a, "--config") == 0 ||
		               strcmp(a, "--set") == 0;
		if (!builtin && f == nflags) {
			fprintf(stderr, "tala %s: unknown option '%s' (see tala %s --help)\n",
			        argv[0], a, argv[0]);
			return 2;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "tala %s: %s needs a value\n", argv[0], a);
			return 2;
		}
		const char *v = argv[++i];
		if (nset == 64) {
			fprintf(stderr, "tala %s: too many options\n", argv[0]);
			return 2;
		}
		if (strcmp(a, "--data") == 0) {
			data_dir = v;
		} else if (strcmp(a, "--config") == 0) {
			config_file = v;
		} else if (strcmp(a, "--set") == 0) {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v || (size_t)(eq - v) >= sizeof setbuf[0]) {
				fprintf(stderr, "tala %s: --set takes KEY=VALUE\n", argv[0]);
				return 2;
			}
			snprintf(setbuf[nset], sizeof setbuf[nset], "%.*s", (int)(eq - v), v);
			keys[nset] = setbuf[nset];
			values[nset++] = eq + 1;
		} else {
			keys[nset] = flags[f].config_key;
			values[nset++] = v;
		}
	}
	if (out->npos < min_pos) {
		fprintf(stderr, "tala %s: missing argument (usage: tala %s)\n", argv[0], usage);
		return 2;
	}
	char err[512], path[CONFIG_PATH_MAX + 16];
	if (data_dir && config_set(&out->cfg, "data_dir", data_dir, err, sizeof err) != OK) {
		fprintf(stderr, "tala %s: --data: %s\n", argv[0], err);
		return 2;
	}
	if (!config_file) {
		/* the data directory may also be set by the environment */
		struct config probe = out->cfg;
		if (!data_dir)
			config_load_env(&probe, environ, err, sizeof err);
		snprintf(path, sizeof path, "%s/tala.conf", probe.data_dir);
	}
	if (config_load_file(&out->cfg, config_file ? config_file : path, config_file != NULL, err,
	                     sizeof err) != OK ||
	    config_load_env(&out->cfg, environ, err, sizeof err) != OK) {
		fprintf(stderr, "tala %s: %s\n", argv[0], err);
		return 2;
	}
	if (data_dir)
		config_set(&out->cfg, "data_dir", data_dir, err, sizeof err);
	for (int k = 0; k < nset; k++) {
		if (config_set(&out->cfg, keys[k], values[k], err, sizeof err) != OK) {
			fprintf(stderr, "tala %s: %s\n", argv[0], err);
			return 2;
		}
	}
	if (log_set_level_name(out->cfg.log_level) != OK) {
		fprintf(stderr, "tala %s: log.level: expected debug, info, warn or error\n",
		        argv[0]);
		return 2;
	}
	return 0;
}
