/* quiz_bank_http.h: request helpers shared by the bank's API (quiz_bank_api.c), its console
 * pages (quiz_bank_console.c) and the statistics pages (quiz_stats_http.c), and the
 * mount functions of each. */
#ifndef TALA_QUIZ_BANK_HTTP_H
#define TALA_QUIZ_BANK_HTTP_H

#include "http/http.h"
#include "quiz/quiz_bank.h"

#include <stdint.h>

/* 400 naming the field (its label in the caller's language, then any index). */
int quiz_reply_field(struct req *rq, struct resp *rs, const char *field, const char *key);
/* The reply for a closure's result other than OK (QUIZ_OK here means a database error). */
int quiz_reply_result(struct req *rq, struct resp *rs, enum quiz_result r);
/* A positive whole number from text, 0 when malformed or absent. */
int64_t quiz_parse_id(const char *v);
/* The signed-in user's id, 0 for none. */
int64_t quiz_req_user(struct req *rq);
/* Notes what the request's write does for the audit log (object: the question *id). */
void quiz_audit_note(struct req *rq, const char *action, const int64_t *id, const char *summary);
/* The list filter from the query (kind, category, status, difficulty, tag, lang, q, after,
 * limit); replies 400 itself and returns ERR on a bad value. */
int quiz_req_filter(struct req *rq, struct resp *rs, struct quiz_filter *f);

/* The console page head: layout, quiz.css and the bank's crumbs, then an h1 of title. */
void quiz_console_begin(struct req *rq, struct resp *rs, const char *title);

void quiz_bank_api_mount(struct router *r);
void quiz_bank_console_mount(struct router *r);
void quiz_stats_mount(struct router *r);

#endif
