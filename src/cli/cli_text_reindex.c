/* cli_text_reindex.c: `tala text reindex [--data DIR]`: rebuilds the full-text index
 * (article_search) from the text it stores, with the `tala` tokenizer of this build. Run it
 * after an upgrade whose tokenizer gives different tokens for some text (docs/text.md says
 * which versions do), so that old rows are found the way new ones are. One write, audited. */
#include <sqlite3.h>
#include <stdio.h>

#include "app/app.h"
#include "audit/audit.h"
#include "base/common.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "store/store.h"

static int rebuild(sqlite3 *db, void *ctx)
{
	(void)ctx;
	char *msg = NULL;
	if (sqlite3_exec(db, "INSERT INTO article_search(article_search) VALUES('rebuild')", NULL,
	                 NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "tala text reindex: %s\n", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return ERR;
	}
	return OK;
}

int cli_text_reindex_main(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "text reindex", NULL, 0, 0, 0, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala text reindex: %s\n", err);
		return 1;
	}
	struct audit_entry note = {.action = "search.reindex",
	                           .object_type = "article_search",
	                           .summary = "full-text index rebuilt with this tokenizer"};
	rc = audit_cli_write(s, rebuild, NULL, &note);
	store_close(s);
	if (rc != OK)
		return 1;
	printf("tala: full-text index rebuilt\n");
	return 0;
}
