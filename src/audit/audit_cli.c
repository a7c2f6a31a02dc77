/* audit_cli.c: audit entries for writes made from the command line — the actor is the
 * operating-system user running `tala` ("cli:<name>"), and the entry is appended in the
 * same transaction as the write it describes. */
#include "audit/audit.h"
#include "base/common.h"

#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

const char *audit_cli_actor(void)
{
	static _Thread_local char actor[96];
	if (!actor[0]) {
		struct passwd *pw = getpwuid(geteuid());
		if (pw && pw->pw_name && *pw->pw_name)
			snprintf(actor, sizeof actor, "cli:%s", pw->pw_name);
		else
			snprintf(actor, sizeof actor, "cli:uid%u", (unsigned)geteuid());
	}
	return actor;
}

struct cli_write {
	store_write_fn fn;
	void *ctx;
	struct audit_entry entry;
};

static int cli_write_run(sqlite3 *db, void *arg)
{
	struct cli_write *w = arg;
	int rc = w->fn ? w->fn(db, w->ctx) : OK;
	if (rc == OK && audit_append(db, &w->entry) != OK)
		rc = ERR;
	return rc;
}

int audit_cli_write(struct store *s, store_write_fn fn, void *ctx, const struct audit_entry *note)
{
	struct cli_write w = {fn, ctx, *note};
	w.entry.actor = audit_cli_actor();
	w.entry.actor_id = 0;
	w.entry.ip = "";
	return store_write(s, cli_write_run, &w);
}

int audit_cli_append(struct store *s, const char *action, const char *object_type,
                     const char *object_key, const char *summary)
{
	struct audit_entry e = {
	    .action = action,
	    .object_type = object_type,
	    .object_id = object_key,
	    .summary = summary,
	};
	return audit_cli_write(s, NULL, NULL, &e);
}
