/* audit_view.h: the audit module's HTML view and the filter the viewer, the CSV export and
 * the API read from the query string. */
#ifndef TALA_AUDIT_VIEW_H
#define TALA_AUDIT_VIEW_H

#include "audit/audit.h"

/* Query parameters, in the order of the validator table (audit_http.c). */
enum { AQ_ACTOR, AQ_ACTION, AQ_TYPE, AQ_FROM, AQ_TO, AQ_SCOPE, AQ_CURSOR, AQ_LIMIT, AQ_COUNT };

struct audit_query {
	const char *v[AQ_COUNT]; /* the parameters as given (NULL when absent) */
	struct audit_filter f;
	int limit;
};

/* The viewer: filter form, the page of entries (newest first), links to the next page and
 * to the CSV export of the same filter. */
void audit_view_page(struct req *rq, struct resp *rs, const struct audit_query *q,
                     const struct audit_page *page);

#endif
