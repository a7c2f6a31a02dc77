/* app.c: see app.h. The one place that knows every module. */
#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/auth_view.h"
#include "base/common.h"
#include "console/console.h"
#include "content/content.h"
#include "content/content_console.h"
#include "feedback/feedback.h"
#include "officer/officer.h"
#include "html/html.h"
#include "http/server.h"
#include "media/media.h"
#include "officer/officer_points.h"
#include "portal/portal.h"
#include "quiz/quiz_bank.h"
#include "quiz/quiz.h"
#include "reads/reads.h"
#include "region/region.h"
#include "search/search.h"
#include "site/site.h"
#include "sms/sms.h"
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct store *app_store_open(const struct config *cfg, bool create_dir, bool migrate, char *err,
                             size_t errlen)
{
	if (create_dir && mkdir(cfg->data_dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", cfg->data_dir, strerror(errno));
		return NULL;
	}
	char path[CONFIG_PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/tala.db", cfg->data_dir);
	struct stat st;
	if (!create_dir && stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: no database (run `tala init` first)", path);
		return NULL;
	}
	struct store_options opt = {
	    .path = path,
	    .busy_timeout_ms = cfg->busy_timeout_ms,
	    .batch_max = cfg->group_commit ? cfg->batch_max : 1,
	    .readonly = false,
	    .conn_init =
	        search_conn_init, /* the `tala` tokenizer and the search triggers' function */
	};
	struct store *s = store_open(&opt, err, errlen);
	if (!s)
		return NULL;
	int applied = 0;
	if (migrate) {
		if (store_migrate(s, &applied, err, errlen) != OK) {
			store_close(s);
			return NULL;
		}
	} else if (store_schema_version(s) != store_schema_latest()) {
		snprintf(err, errlen,
		         "database schema %d differs from this tala's %d: run `tala migrate`",
		         store_schema_version(s), store_schema_latest());
		store_close(s);
		return NULL;
	}
	return s;
}

void app_mount_all(struct router *r, const struct config *cfg)
{
	r->cfg = cfg;
	/* first: the router tries routes in order, and the share-link redirect is the busiest */
	officer_mount(r);
	http_mount_builtin(r);
	site_mount(r);
	auth_mount(r);
	console_mount(r);
	region_mount(r);
	feedback_mount(r);
	audit_mount(r);
	media_mount(r);
	content_mount(r);
	content_console_mount(r);
	search_mount(r);
	portal_mount(r);
	quiz_bank_mount(r);
	quiz_run_mount(r);
	officer_points_mount(r);
}

int app_init(struct app *app, const struct config *cfg, struct store *store, char *err,
             size_t errlen)
{
	memset(app, 0, sizeof *app);
	app->cfg = cfg;
	app->store = store;
	app->error_page = html_error_page;
	app->access_check = auth_access_check;
	app->authenticate = auth_authenticate;
	app->user_nav = auth_user_nav;
	app->audit_append = audit_http_append;
	if (auth_keys_load(cfg->data_dir, err, errlen) != OK)
		return ERR;
	app_mount_all(&app->router, cfg);
	app->statics = static_load(cfg->web_dir, cfg->font_dir, err, errlen);
	if (!app->statics)
		return ERR;
	if (sms_start(cfg, store, auth_phone_open, err, errlen) != OK)
		return ERR;
	reads_start(app, READS_FLUSH_S_DEFAULT);
	officer_start(app); /* logs why when the share links cannot be served */
	points_start(app); /* the points job: share visits into ledger entries */
	if (cfg->quiz_expire_s > 0 &&
	    quiz_expiry_start(store, cfg->quiz_grace_ms, cfg->quiz_expire_s) != OK)
		return ERR;
	return content_scheduler_start(store, cfg->content_schedule_s);
}

void app_free(struct app *app)
{
	points_stop();
	content_scheduler_stop();
	/* joins the expiry thread while the store is open */
	quiz_expiry_stop();
	officer_stop(); /* writes the queued visits while the store is open */
	reads_stop();   /* flushes the counts still in memory while the store is open */
	sms_stop();     /* hands over what is pending, through the store */
	router_free(&app->router);
	static_free(app->statics);
	app->statics = NULL;
}
