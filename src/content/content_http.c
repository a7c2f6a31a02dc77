/* content_http.c: see content_http.h. */
#include "content/content_http.h"
#include "auth/auth.h"
#include "base/common.h"
#include "media/media.h"

#include <string.h>

#include <stdlib.h>

int64_t content_req_user(struct req *rq)
{
	const struct principal *p = auth_principal(rq);
	return p ? p->user_id : 0;
}

int64_t content_parse_id(const char *v)
{
	if (!v || !*v)
		return 0;
	char *end;
	long long id = strtoll(v, &end, 10);
	return !*end && id > 0 ? id : 0;
}

int content_req_article(struct req *rq, struct article *a, struct site *home)
{
	int64_t id = content_parse_id(req_param(rq, "id"));
	if (!id || content_article_get(rq->app->store, rq->arena, id, a) != OK ||
	    content_site_by_id(rq->app->store, rq->arena, a->site_id, home) != OK)
		return ERR;
	return OK;
}

void content_audit_note(struct req *rq, const char *action, const int64_t *id, const struct site *s,
                        const char *summary)
{
	rq->audit.action = action;
	rq->audit.object_type = "article";
	rq->audit.object_id = id;
	rq->audit.scope = arena_strdup(rq->arena, content_site_scope(s));
	rq->audit.summary = summary;
}

bool content_cover_valid(struct req *rq, int64_t id)
{
	struct media_row r;
	return media_by_id(rq->app->store, rq->arena, id, &r) == OK && strcmp(r.kind, "image") == 0;
}
