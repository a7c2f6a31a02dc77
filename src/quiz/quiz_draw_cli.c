/* quiz_draw_cli.c: `tala quiz draw CAMPAIGN` (the operator's prize draw, audited like the
 * console's) and `tala quiz draw-verify CAMPAIGN | --file FILE` — recomputes a draw from the
 * database or from the JSON the API publishes (GET /api/v1/quiz/campaigns/:id/draw): the
 * seed against the commitment, the list against its hash, the winners against the seed and
 * list. Exit 0 when it all agrees, 1 naming what differs, 2 for bad usage. */
#include "app/app.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/common.h"
#include "cli/cli_args.h"
#include "quiz/quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_campaign(const char *cmd, const char *v, int64_t *id)
{
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		fprintf(stderr, "tala quiz %s: '%s' is not a campaign id\n", cmd, v);
		return 2;
	}
	*id = n;
	return 0;
}

static void print_draw(const struct quiz_draw_result *r)
{
	printf("campaign %lld: %zu eligible, %zu winner(s)\ncommitment %s\nseed       %s\n"
	       "list hash  %s\nwinners   ",
	       (long long)r->campaign_id, r->neligible, r->nwinners, r->commitment, r->seed_hex,
	       r->list_hash);
	for (size_t i = 0; i < r->nwinners; i++)
		printf(" %lld", (long long)r->winners[i]);
	printf("\n");
}

int quiz_cli_draw(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(argc, argv, "quiz draw CAMPAIGN", NULL, 0, 1, 1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	int64_t id;
	if ((rc = parse_campaign("draw", args.positional[0], &id)))
		return rc;
	char err[512];
	struct store *s = app_store_open(&args.cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala quiz draw: %s\n", err);
		return 1;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_campaign c;
	rc = 0;
	if (quiz_campaign_get(s, &a, id, &c) != OK) {
		fprintf(stderr, "tala quiz draw: no campaign %lld\n", (long long)id);
		rc = 2;
	} else if (clock_wall_ms() < c.closes_at + args.cfg.quiz_grace_ms) {
		fprintf(stderr, "tala quiz draw: campaign %lld is still open\n", (long long)id);
		rc = 2;
	}
	struct quiz_draw_result r = {.drawn_at = clock_wall_ms()};
	struct quiz_draw_write w = {.c = &c, .arena = &a, .r = &r};
	struct audit_entry note = {.action = "quiz.campaign.draw",
	                           .object_type = "quiz_campaign",
	                           .object_ref = &c.id,
	                           .scope = c.region_code};
	if (rc == 0 && audit_cli_write(s, quiz_draw_write, &w, &note) != OK) {
		fprintf(stderr, "tala quiz draw: %s\n",
		        w.exists ? "the campaign was drawn before" : "the draw was not stored");
		rc = w.exists ? 2 : 1;
	}
	if (rc == 0)
		print_draw(&r);
	arena_free(&a);
	store_close(s);
	return rc;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static int verify_file(const char *path)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "tala quiz draw-verify: cannot read %s\n", path);
		return 2;
	}
	json_error_t je;
	json_t *j = json_loadb(text, len, 0, &je);
	free(text);
	if (!j) {
		fprintf(stderr, "tala quiz draw-verify: %s: line %d: %s\n", path, je.line, je.text);
		return 2;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_draw_result r;
	char err[160];
	int rc = 0;
	if (quiz_draw_from_json(j, &a, &r, err, sizeof err) != OK) {
		fprintf(stderr, "tala quiz draw-verify: %s: %s\n", path, err);
		rc = 2;
	} else {
		const char *why = quiz_draw_check(&r);
		if (why) {
			fprintf(stderr, "tala quiz draw-verify: %s: %s\n", path, why);
			rc = 1;
		} else {
			print_draw(&r);
			printf(
			    "verified: the seed matches the commitment, the list its hash, and the"
			    " winners follow from both\n");
		}
	}
	json_decref(j);
	arena_free(&a);
	return rc;
}

static int verify_db(struct cli_args *args, int64_t id)
{
	char err[512];
	struct store *s = app_store_open(&args->cfg, false, false, err, sizeof err);
	if (!s) {
		fprintf(stderr, "tala quiz draw-verify: %s\n", err);
		return 1;
	}
	struct arena a;
	arena_init(&a, 1 << 16);
	struct quiz_draw_result r;
	struct quiz_campaign c;
	int rc = 0;
	if (quiz_campaign_get(s, &a, id, &c) != OK || quiz_draw_get(s, &a, id, &r) != OK) {
		fprintf(stderr, "tala quiz draw-verify: campaign %lld has no draw\n",
		        (long long)id);
		rc = 2;
	} else {
		const char *why = strcmp(r.commitment, c.commitment) != 0
		                      ? "the stored commitment changed"
		                      : quiz_draw_check(&r);
		/* the frozen list against the attempts as the database holds them now */
		int64_t *now_ids;
		size_t now_n;
		if (!why &&
		    quiz_draw_eligible_db(store_reader(s), &a, &c, &now_ids, &now_n) == OK &&
		    (now_n != r.neligible ||
		     (now_n && memcmp(now_ids, r.eligible, now_n * sizeof *now_ids) != 0)))
			why = "the frozen list differs from the eligible attempts in the database";
		if (why) {
			fprintf(stderr, "tala quiz draw-verify: campaign %lld: %s\n", (long long)id,
			        why);
			rc = 1;
		} else {
			print_draw(&r);
			printf(
			    "verified: the seed matches the commitment, the list its hash and the"
			    " database, and the winners follow from both\n");
		}
	}
	arena_free(&a);
	store_close(s);
	return rc;
}

int quiz_cli_draw_verify(int argc, char **argv)
{
	const char *file = NULL;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--file") != 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "tala quiz draw-verify: --file needs a path\n");
			return 2;
		}
		file = argv[++i];
	}
	argc = out;
	struct cli_args args;
	int rc = cli_parse(argc, argv, "quiz draw-verify CAMPAIGN | --file DRAW.json", NULL, 0,
	                   file ? 0 : 1, file ? 0 : 1, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (file)
		return verify_file(file);
	int64_t id;
	if ((rc = parse_campaign("draw-verify", args.positional[0], &id)))
		return rc;
	return verify_db(&args, id);
}
