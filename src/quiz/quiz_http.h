/* quiz_http.h: what the quiz module's HTTP files share among themselves (the API, the
 * participant pages, the manager console and their views). Not for other modules. */
#ifndef TALA_QUIZ_HTTP_H
#define TALA_QUIZ_HTTP_H

#include "http/validate.h"
#include "quiz/quiz.h"
#include "quiz/quiz_attempt_flow.h"

/* A field of the JSON body (string, integer or boolean as text) or of the form; NULL. */
const char *quiz_field(struct req *rq, const char *name);
/* ms since the epoch from digits or "YYYY-MM-DDTHH:MM" (China Standard Time). */
int quiz_parse_time(const char *v, int64_t *ms);
/* "YYYY-MM-DDTHH:MM" in China Standard Time. */
void quiz_format_time(int64_t ms, char out[20]);
/* Reads and checks a campaign's fields from the request into c (not id/version). */
int quiz_campaign_read(struct req *rq, struct quiz_campaign *c, struct field_error *fe);

/* The positive integer path parameter name, or 0. */
int64_t quiz_path_id(struct req *rq, const char *name);
/* Answers a refused flow step (JSON under /api/, the error page elsewhere). */
int quiz_reply_flow(struct req *rq, struct resp *rs, const struct quiz_flow_error *e);
/* Whether the caller may manage campaign c (quiz.manage over its region). */
bool quiz_can_manage(struct req *rq, const struct quiz_campaign *c);
/* The campaign's title in the request's language (the other one when empty). */
const char *quiz_title(struct req *rq, const struct quiz_campaign *c);
const char *quiz_rules(struct req *rq, const struct quiz_campaign *c);

#define QUIZ_REVIEW_MIN_FAST 3 /* fast answers that put an attempt on the review list */

/* Steps shared by the API and the console: each checks, queues the write with then, and
 * answers itself on refusal (quiz_campaign_begin_save fills fe instead). */
int quiz_campaign_begin_save(struct req *rq, struct resp *rs, int64_t id, int64_t version,
                             handler_fn then, struct field_error *fe);
int quiz_members_parse(struct req *rq, json_t *arr, const char *text, int64_t **ids, size_t *n,
                       const char **bad);
int quiz_members_begin(struct req *rq, const struct quiz_campaign *c, const int64_t *ids, size_t n,
                       bool replace, handler_fn then);
int quiz_exclude_begin(struct req *rq, struct resp *rs, int64_t id, bool excluded, const char *note,
                       handler_fn then);
int quiz_draw_begin(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                    handler_fn then);
/* The leaderboard's query (?group=&offset=&limit=); ERR when malformed. */
int quiz_board_params(struct req *rq, const char **group, int *offset, int *limit);
/* A participant's name as a leaderboard shows it: the first character and a mask. */
const char *quiz_display_name(struct req *rq, int64_t user_id);

/* JSON shapes of the API. */
json_t *quiz_campaign_json(const struct quiz_campaign *c, bool manager);
/* The attempt as the participant may see it: items without the key while it is active. */
json_t *quiz_attempt_json(struct req *rq, const struct quiz_attempt *at);

/* Mounts, one per file. */
void quiz_http_campaigns_mount(struct router *r);
void quiz_http_attempts_mount(struct router *r);
void quiz_http_pages_mount(struct router *r);
void quiz_http_console_mount(struct router *r);

/* ---- views (quiz_view*.c) ---- */

struct quiz_landing {
	const struct quiz_campaign *c;
	bool signed_in, can_start;
	const struct quiz_attempt_brief *mine;
	size_t nmine;
	int my_rank;
	const struct quiz_draw_result *draw; /* NULL until drawn */
	const char *error_key;               /* a refusal to show (start), or NULL */
};
void quiz_view_list(struct req *rq, struct resp *rs, const struct quiz_campaign *cs, size_t n);
void quiz_view_landing(struct req *rq, struct resp *rs, const struct quiz_landing *l);
void quiz_view_question(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                        const struct quiz_attempt *at, const struct quiz_item_text *items, int n,
                        int position, const char *error_key);
void quiz_view_result(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                      const struct quiz_attempt *at, const struct quiz_item_text *items, int n);
void quiz_view_board(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                     const char *group, const struct quiz_rank *rows, size_t n, int64_t total,
                     const char *const *names);

/* console */
void quiz_view_console_list(struct req *rq, struct resp *rs, const struct quiz_campaign *cs,
                            size_t n);
void quiz_view_console_form(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                            const struct field_error *fe, const char *notice_key, int64_t members);
void quiz_view_console_review(struct req *rq, struct resp *rs, const struct quiz_campaign *c,
                              const struct quiz_suspect *s, size_t n);

#endif
