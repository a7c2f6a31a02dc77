/* cli_user.c: `tala user add|passwd|grant|revoke|lock|unlock|list` — accounts from the
 * operator's shell. A password is read from standard input (one line) or, on a terminal,
 * typed twice without echo; the password policy applies as on the web. Every change is
 * written together with its audit entry (actor "cli:<unix user>"). Bad input: one line on
 * stderr, exit 2; a failure of the system: exit 1. */
#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "region/region.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define MAX_OPTS     5
#define PASSWORD_MAX 256

/* One run of a subcommand. */
struct user_cmd_ctx {
	const char *name; /* "user add", for messages */
	struct cli_args args;
	const char *opt[MAX_OPTS]; /* the subcommand's own options, by its flag table's order */
	struct store *store;
	struct arena arena;
};

struct user_cmd {
	const char *name;
	const char *usage;
	int min_pos, max_pos;
	struct cli_flag flags[MAX_OPTS]; /* own options (not configuration keys) */
	int (*run)(struct user_cmd_ctx *c);
};

/* The operator's words for the catalog keys the checks answer with. */
static const struct {
	const char *key, *text;
} reasons[] = {
    {"auth.password_short", "the password is too short: at least 10 characters"},
    {"auth.password_is_login", "the password must not be the login name"},
    {"auth.password_common", "the password is too common: choose another"},
    {"auth.login_taken", "that login is taken"},
    {"console.error.login_invalid",
     "a login is 2 to 32 of a-z 0-9 . _ - and begins with a letter or digit"},
    {"console.error.unknown_role", "unknown role (admin, editor, reviewer, quiz_manager,"
                                   " org_manager, expert, volunteer, officer, citizen)"},
    {"console.error.invalid_scope", "a scope is a region code or site:<id>"},
    {"error.unknown_region", "no region has that code"},
};

static const char *reason(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(reasons); i++)
		if (strcmp(reasons[i].key, key) == 0)
			return reasons[i].text;
	return key;
}

/* Prints "tala user X: <what>" as one line and returns 2 (bad input). */
__attribute__((format(printf, 2, 3))) static int refuse(const struct user_cmd_ctx *c,
                                                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tala %s: ", c->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 2;
}

/* ---- reading a password ---- */

/* Reads one line into buf without its line end; false at end of input or when too long. */
static bool read_line(FILE *in, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (!fgets(buf, (int)cap, in))
		return false;
	size_t n = strlen(buf);
	bool whole = n && buf[n - 1] == '\n';
	buf[strcspn(buf, "\r\n")] = '\0';
	return whole || feof(in);
}

/* Prompts on stderr and reads a line from the terminal with echo off. */
static bool read_hidden(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(stdin, buf, cap);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* Reads the new password for login into buf and checks it against the policy. Returns 0,
 * or 2 after saying why not. */
static int password_read(const struct user_cmd_ctx *c, const char *login, char *buf, size_t cap)
{
	if (isatty(STDIN_FILENO)) {
		char again[PASSWORD_MAX + 2];
		bool ok = read_hidden("New password: ", buf, cap) &&
		          read_hidden("Repeat it: ", again, sizeof again);
		bool same = ok && strcmp(buf, again) == 0;
		sodium_memzero(again, sizeof again);
		if (!same)
			return refuse(c, "%s", ok ? "the passwords differ" : "no password given");
	} else if (!read_line(stdin, buf, cap)) {
		return refuse(c, "%s",
		              feof(stdin) && !*buf ? "no password on standard input (one line)"
		                                   : "the password is too long");
	}
	if (!*buf)
		return refuse(c, "%s", "the password is empty");
	const char *why = auth_password_policy(login, buf);
	return why ? refuse(c, "%s", reason(why)) : 0;
}

/* Hashes the password read for login into hash[160]. Returns 0, 1 or 2. */
static int password_hash_new(struct user_cmd_ctx *c, const char *login, char *hash)
{
	char password[PASSWORD_MAX + 2];
	int rc = password_read(c, login, password, sizeof password);
	if (rc == 0 && auth_password_hash(&c->args.cfg, password, hash, 160) != OK) {
		fprintf(stderr, "tala %s: hashing the password failed\n", c->name);
		rc = 1;
	}
	sodium_memzero(password, sizeof password);
	return rc;
}

/* ---- arguments ---- */

/* Loads the user named by the first argument; 2 after a message when there is none. */
static int user_find(struct user_cmd_ctx *c, struct user_row *u)
{
	const char *login = c->args.positional[0];
	if (auth_user_by_login(c->store, &c->arena, login, u) != OK)
		return refuse(c, "no user '%s'", login);
	return 0;
}

/* Checks --region (a region code that exists); 2 after a message when bad. */
static int region_arg(struct user_cmd_ctx *c, const char *code)
{
	if (!code || (auth_scope_valid(code) && strncmp(code, "site:", 5) != 0 &&
	              region_exists(c->store, code)))
		return 0;
	return refuse(c, "--region %s: no region has that code", code);
}

/* A display name from the command line: valid UTF-8, normalized, not too long. */
static int name_arg(struct user_cmd_ctx *c, const char *flag, const char **name)
{
	if (!*name)
		return 0;
	const char *v =
	    utf8_valid(*name, strlen(*name)) ? auth_name_normalize(&c->arena, *name) : NULL;
	if (!v)
		return refuse(c, "%s: at most 64 characters of UTF-8 text", flag);
	*name = v;
	return 0;
}

static int write_failed(const struct user_cmd_ctx *c)
{
	fprintf(stderr, "tala %s: the change could not be written (see the log)\n", c->name);
	return 1;
}

/* ---- the subcommands ---- */

enum { ADD_NAME_ZH, ADD_NAME_MN, ADD_REGION, ADD_PHONE, ADD_LANG };

static int user_add(struct user_cmd_ctx *c)
{
	char *login = arena_strdup(&c->arena, c->args.positional[0]);
	for (char *p = login; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	const char *why = auth_login_check(login);
	if (why)
		return refuse(c, "%s", reason(why));
	const char *lang = c->opt[ADD_LANG] ? c->opt[ADD_LANG] : "zh";
	if (strcmp(lang, "zh") != 0 && strcmp(lang, "mn") != 0)
		return refuse(c, "--lang %s: expected zh or mn", lang);
	const char *phone = NULL;
	if (c->opt[ADD_PHONE] && !(phone = auth_phone_normalize(&c->arena, c->opt[ADD_PHONE])))
		return refuse(c, "%s", "--phone: 5 to 15 digits (spaces, dashes, a leading +)");
	const char *name_zh = c->opt[ADD_NAME_ZH], *name_mn = c->opt[ADD_NAME_MN];
	int rc;
	if ((rc = name_arg(c, "--name-zh", &name_zh)) ||
	    (rc = name_arg(c, "--name-mn", &name_mn)) || (rc = region_arg(c, c->opt[ADD_REGION])))
		return rc;
	struct user_row existing;
	if (auth_user_by_login(c->store, &c->arena, login, &existing) == OK)
		return refuse(c, "%s", reason("auth.login_taken"));
	char hash[160];
	if ((rc = password_hash_new(c, login, hash)))
		return rc;
	struct user_new u = {
	    .login = login,
	    .password_hash = hash,
	    .name_zh = name_zh,
	    .name_mn = name_mn,
	    .region_code = c->opt[ADD_REGION] ? c->opt[ADD_REGION] : "15",
	    .lang = lang,
	    .phone = phone,
	    .now_ms = clock_wall_ms(),
	};
	struct audit_entry note = {
	    .action = "user.create",
	    .object_type = "user",
	    .object_ref = &u.id,
	    .scope = u.region_code,
	    .summary = arena_printf(&c->arena, "login %s, region %s%s", login, u.region_code,
	                            phone ? ", phone recorded" : ""),
	};
	if (audit_cli_write(c->store, auth_user_insert, &u, &note) != OK)
		return *u.error && strcmp(u.error, "error.internal") != 0
		           ? refuse(c, "%s", reason(u.error))
		           : write_failed(c);
	printf("tala: user %s added (id %lld, region %s)\n", login, (long long)u.id, u.region_code);
	return 0;
}

static int user_passwd(struct user_cmd_ctx *c)
{
	struct user_row u;
	int rc;
	if ((rc = user_find(c, &u)))
		return rc;
	char hash[160];
	if ((rc = password_hash_new(c, u.login, hash)))
		return rc;
	struct password_change pc = {u.id, hash, clock_wall_ms(), 0};
	struct audit_entry note = {
	    .action = "user.passwd",
	    .object_type = "user",
	    .object_ref = &u.id,
	    .scope = u.region_code,
	    .summary = "password set, sessions ended",
	};
	if (audit_cli_write(c->store, auth_password_set, &pc, &note) != OK)
		return write_failed(c);
	printf("tala: password of %s changed; its sessions are ended\n", u.login);
	return 0;
}

/* grant / revoke LOGIN ROLE SCOPE */
static int grant_change(struct user_cmd_ctx *c, bool revoke)
{
	struct user_row u;
	int rc;
	if ((rc = user_find(c, &u)))
		return rc;
	const char *role = c->args.positional[1], *scope = c->args.positional[2], *field;
	const char *why = auth_grant_check(c->store, role, scope, &field);
	if (why)
		return refuse(c, "%s", reason(why));
	struct grant_change g = {u.id, role, scope, 0, clock_wall_ms(), revoke, 0};
	struct audit_entry note = {
	    .action = revoke ? "user.revoke" : "user.grant",
	    .object_type = "user",
	    .object_ref = &u.id,
	    .scope = u.region_code,
	    .summary = arena_printf(&c->arena, "role %s, scope %s", role, scope),
	};
	if (audit_cli_write(c->store, auth_grant_change, &g, &note) != OK) {
		if (g.changed != 0)
			return write_failed(c);
		if (revoke)
			return refuse(c, "%s has no grant %s on %s", u.login, role, scope);
		printf("tala: %s already has %s on %s\n", u.login, role, scope);
		return 0;
	}
	printf(revoke ? "tala: %s no longer has %s on %s\n" : "tala: %s now has %s on %s\n",
	       u.login, role, scope);
	return 0;
}

static int user_grant(struct user_cmd_ctx *c)
{
	return grant_change(c, false);
}

static int user_revoke(struct user_cmd_ctx *c)
{
	return grant_change(c, true);
}

static int status_change(struct user_cmd_ctx *c, const char *status, const char *action)
{
	struct user_row u;
	int rc;
	if ((rc = user_find(c, &u)))
		return rc;
	struct status_change sc = {u.id, status, clock_wall_ms()};
	struct audit_entry note = {
	    .action = action,
	    .object_type = "user",
	    .object_ref = &u.id,
	    .scope = u.region_code,
	    .summary = arena_printf(&c->arena, "status %s -> %s", u.status, status),
	};
	if (audit_cli_write(c->store, auth_status_set, &sc, &note) != OK)
		return write_failed(c);
	printf("tala: %s is %s\n", u.login, status);
	return 0;
}

static int user_lock(struct user_cmd_ctx *c)
{
	return status_change(c, "locked", "user.lock");
}

static int user_unlock(struct user_cmd_ctx *c)
{
	return status_change(c, "active", "user.unlock");
}

static void list_line(struct user_cmd_ctx *c, const struct user_row *u)
{
	const char *phone = NULL;
	if (u->phone_len) {
		const char *full = auth_phone_open(&c->arena, u->phone_enc, u->phone_len);
		phone = full ? auth_mask(&c->arena, full) : "****";
	}
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", (long long)u->id, u->login, u->status,
	       u->region_code, u->lang, phone ? phone : "-", *u->name_zh ? u->name_zh : "-",
	       *u->name_mn ? u->name_mn : "-");
	struct principal holder = {0};
	auth_grants_load(c->store, &c->arena, u->id, &holder);
	for (size_t i = 0; i < holder.ngrants; i++)
		printf("%s%s@%s", i ? "," : "", holder.grants[i].role, holder.grants[i].scope);
	printf("%s\n", holder.ngrants ? "" : "-");
}

/* list [--region CODE]: every user (within the region), phones masked, tab-separated. */
static int user_list(struct user_cmd_ctx *c)
{
	int rc;
	if ((rc = region_arg(c, c->opt[0])))
		return rc;
	struct user_filter f = {.all_scopes = true, .region = c->opt[0], .limit = 200};
	printf("id\tlogin\tstatus\tregion\tlang\tphone\tname_zh\tname_mn\tgrants\n");
	do {
		struct user_page pg;
		if (auth_users_list(c->store, &c->arena, &f, &pg) != OK) {
			fprintf(stderr, "tala %s: reading the users failed\n", c->name);
			return 1;
		}
		for (size_t i = 0; i < pg.n; i++)
			list_line(c, &pg.items[i]);
		f.after_id = pg.next;
	} while (f.after_id);
	return 0;
}

static const struct user_cmd commands[] = {
    {"add",
     "user add LOGIN [--name-zh NAME] [--name-mn NAME] [--region CODE] [--phone N] [--lang zh|mn]"
     " < password",
     1,
     1,
     {[ADD_NAME_ZH] = {"--name-zh", NULL, "display name in Chinese"},
      [ADD_NAME_MN] = {"--name-mn", NULL, "display name in Mongolian script"},
      [ADD_REGION] = {"--region", NULL, "the region the person belongs to (default 15)"},
      [ADD_PHONE] = {"--phone", NULL, "mobile number (stored encrypted)"},
      [ADD_LANG] = {"--lang", NULL, "preferred language, zh (default) or mn"}},
     user_add},
    {"passwd", "user passwd LOGIN < password", 1, 1, {{0}}, user_passwd},
    {"grant", "user grant LOGIN ROLE SCOPE", 3, 3, {{0}}, user_grant},
    {"revoke", "user revoke LOGIN ROLE SCOPE", 3, 3, {{0}}, user_revoke},
    {"lock", "user lock LOGIN", 1, 1, {{0}}, user_lock},
    {"unlock", "user unlock LOGIN", 1, 1, {{0}}, user_unlock},
    {"list",
     "user list [--region CODE]",
     0,
     0,
     {{"--region", NULL, "only users within this region"}},
     user_list},
};

static size_t flag_count(const struct user_cmd *cmd)
{
	size_t n = 0;
	while (n < MAX_OPTS && cmd->flags[n].name)
		n++;
	return n;
}

/* Takes the subcommand's own options out of argv (keeping the rest, in order, for
 * cli_parse) into c->opt. Returns 0 or 2 after a message. */
static int take_options(const struct user_cmd *cmd, struct user_cmd_ctx *c, int *argc, char **argv)
{
	size_t nflags = flag_count(cmd);
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		size_t f = 0;
		while (f < nflags && strcmp(argv[i], cmd->flags[f].name) != 0)
			f++;
		if (f == nflags) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc)
			return refuse(c, "%s needs a value", argv[i]);
		c->opt[f] = argv[++i];
	}
	*argc = out;
	return 0;
}

static int run_command(const struct user_cmd *cmd, int argc, char **argv)
{
	struct user_cmd_ctx c = {0};
	char name[32];
	snprintf(name, sizeof name, "user %s", cmd->name);
	c.name = name;
	char *args[64];
	if (argc > (int)ARRAY_LEN(args))
		return refuse(&c, "%s", "too many arguments");
	memcpy(args, argv, sizeof *args * (size_t)argc);
	args[0] = name;
	int rc = take_options(cmd, &c, &argc, args);
	if (rc)
		return rc;
	rc = cli_parse(argc, args, cmd->usage, cmd->flags, flag_count(cmd), cmd->min_pos,
	               cmd->max_pos, &c.args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	c.store = app_store_open(&c.args.cfg, false, false, err, sizeof err);
	if (!c.store) {
		fprintf(stderr, "tala %s: %s\n", name, err);
		return 1;
	}
	/* phone numbers are sealed and opened with the data directory's key */
	if (auth_keys_load(c.args.cfg.data_dir, err, sizeof err) != OK) {
		fprintf(stderr, "tala %s: %s\n", name, err);
		store_close(c.store);
		return 1;
	}
	arena_init(&c.arena, 0);
	rc = cmd->run(&c);
	arena_free(&c.arena);
	store_close(c.store);
	return rc;
}

int cli_user_main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)) {
		printf("usage:\n");
		for (size_t i = 0; i < ARRAY_LEN(commands); i++)
			printf("  tala %s\n", commands[i].usage);
		printf("\nRoles: admin editor reviewer quiz_manager org_manager expert volunteer"
		       " officer citizen.\nA scope is a region code (it covers the region's"
		       " subtree) or site:<id>.\n`tala user COMMAND --help` describes each.\n");
		return 0;
	}
	for (size_t i = 0; sub && i < ARRAY_LEN(commands); i++)
		if (strcmp(sub, commands[i].name) == 0)
			return run_command(&commands[i], argc - 1, argv + 1);
	if (!sub)
		fprintf(stderr, "tala user: missing command (add, passwd, grant, revoke, lock,"
		                " unlock, list)\n");
	else
		fprintf(stderr, "tala user: unknown command '%s' (see tala user --help)\n", sub);
	return 2;
}
