/* quiz_bank_console.c: the question bank's console pages (permission quiz.manage), through
 * the console shell's layout: /admin/quiz/questions (filters, table, links to import and
 * export), the editor (meta fields, then Chinese horizontal and Mongolian vertical side by
 * side; options A–J with their correct boxes; accepted answers one per line), the import
 * upload with its report of rejected questions and the "import the valid ones" box, and the
 * GIFT/CSV download. Forms carry the CSRF token; a save from a stale version answers 409
 * with nothing saved; bad input re-shows the form with the field and reason, status 400. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "quiz/quiz_bank.h"
#include "quiz/quiz_bank_http.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"single", "multi", "truefalse", "fill"};
static const char *const statuses[] = {"active", "retired"};

static const char *label(struct req *rq, const char *prefix, const char *value)
{
	return T(rq, arena_printf(rq->arena, "%s%s", prefix, value));
}

static void csrf(struct req *rq, struct resp *rs)
{
	html_printf(&rs->body, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
	            auth_csrf_token(rq, rs));
}

void quiz_console_begin(struct req *rq, struct resp *rs, const char *title)
{
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, title);
	html_printf(&rs->body,
	            "<link rel=\"stylesheet\" href=\"/static/css/quiz-admin.css\">"
	            "<nav class=\"crumbs quiz-nav\"><a href=\"/admin\">%s</a> · "
	            "<a href=\"/admin/quiz/questions\">%s</a> · "
	            "<a href=\"/admin/quiz/questions/import\">%s</a></nav><h1>%s</h1>",
	            T(rq, "console.title"), T(rq, "quiz_bank.nav.questions"),
	            T(rq, "quiz_bank.import.title"), title);
}

/* Text in the language it is in: Mongolian vertical inside the page. */
static void text_in(struct strbuf *o, const char *zh, const char *mn)
{
	if (zh && *zh)
		html_printf(o, "<span lang=\"zh-Hans\">%s</span>", zh);
	if (mn && *mn) {
		if (zh && *zh)
			html_printf(o, " ");
		html_mn_text(o, mn);
	}
}

static void select_of(struct req *rq, struct strbuf *o, const char *name, const char *prefix,
                      const char *const *values, size_t n, const char *selected, bool any)
{
	html_printf(o, "<select name=\"%s\">", name);
	if (any)
		html_printf(o, "<option value=\"\">%s</option>", T(rq, "quiz_bank.any"));
	for (size_t i = 0; i < n; i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", values[i],
		            selected && strcmp(selected, values[i]) == 0 ? " selected" : "",
		            label(rq, prefix, values[i]));
	html_printf(o, "</select>");
}

/* ---- the list ---- */

/* GET /admin/quiz/questions */
static int page_list(struct req *rq, struct resp *rs)
{
	struct quiz_filter f;
	if (quiz_req_filter(rq, rs, &f) != OK)
		return OK;
	struct quiz_page pg;
	if (quiz_questions_list(rq->app->store, rq->arena, &f, &pg) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	const char **cats;
	size_t ncats;
	if (quiz_categories(rq->app->store, rq->arena, &cats, &ncats) != OK)
		ncats = 0;
	quiz_console_begin(rq, rs, T(rq, "quiz_bank.nav.questions"));
	struct strbuf *o = &rs->body;
	const char *done = req_query(rq, "done");
	if (done && (strcmp(done, "saved") == 0 || strcmp(done, "imported") == 0))
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
		            label(rq, "quiz_bank.done.", done));
	html_printf(
	    o,
	    "<p class=\"actions\"><a class=\"button\" href=\"/admin/quiz/questions/new\">%s</a>"
	    " <a href=\"/admin/quiz/questions/export?format=gift\" download>%s</a>"
	    " <a href=\"/admin/quiz/questions/export?format=csv\" download>%s</a></p>",
	    T(rq, "quiz_bank.new"), T(rq, "quiz_bank.export.gift"), T(rq, "quiz_bank.export.csv"));
	html_printf(o, "<form class=\"filters\" method=\"get\"><label>%s ",
	            T(rq, "quiz_bank.field.kind"));
	select_of(rq, o, "kind", "quiz_bank.kind.", kinds, ARRAY_LEN(kinds), f.kind, true);
	html_printf(o, "</label><label>%s <select name=\"category\"><option value=\"\">%s</option>",
	            T(rq, "quiz_bank.field.category"), T(rq, "quiz_bank.any"));
	for (size_t i = 0; i < ncats; i++)
		html_printf(o, "<option%R>%s</option>",
		            f.category && strcmp(f.category, cats[i]) == 0 ? " selected" : "",
		            cats[i]);
	html_printf(o, "</select></label><label>%s ", T(rq, "quiz_bank.field.status"));
	select_of(rq, o, "status", "quiz_bank.status.", statuses, ARRAY_LEN(statuses), f.status,
	          true);
	html_printf(o,
	            "</label><label>%s <input name=\"tag\" size=\"10\" value=\"%s\"></label>"
	            "<label>%s <input name=\"q\" size=\"16\" value=\"%s\"></label>"
	            "<button>%s</button></form>",
	            T(rq, "quiz_bank.field.tags"), f.tag ? f.tag : "", T(rq, "quiz_bank.search"),
	            f.q ? f.q : "", T(rq, "quiz_bank.filter"));
	html_printf(o, "<p class=\"count\">%s: %ld</p>", T(rq, "quiz_bank.total"), (long)pg.total);
	if (!pg.n) {
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "quiz_bank.list.empty"));
		page_end(rq, rs);
		return OK;
	}
	html_printf(o,
	            "<table class=\"questions\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "quiz_bank.field.stem"), T(rq, "quiz_bank.field.kind"),
	            T(rq, "quiz_bank.field.category"), T(rq, "quiz_bank.field.difficulty"),
	            T(rq, "quiz_bank.field.status"), T(rq, "quiz_bank.field.version"));
	for (size_t i = 0; i < pg.n; i++) {
		const struct quiz_question *q = &pg.items[i];
		html_printf(o,
		            "<tr data-id=\"%ld\"><td>%ld</td><td><a "
		            "href=\"/admin/quiz/questions/%ld/edit\">",
		            (long)q->id, (long)q->id, (long)q->id);
		text_in(o, q->stem_zh, q->stem_mn);
		html_printf(
		    o,
		    "</a></td><td>%s</td><td>%s</td><td>%d</td><td class=\"status-%s\">%s</td>"
		    "<td>%ld</td></tr>",
		    label(rq, "quiz_bank.kind.", q->kind), q->category, q->difficulty, q->status,
		    label(rq, "quiz_bank.status.", q->status), (long)q->version);
	}
	html_printf(o, "</tbody></table>");
	if (pg.next) {
		struct strbuf url;
		strbuf_init(&url);
		for (size_t i = 0; i < rq->query.n; i++)
			if (strcmp(rq->query.items[i].key, "after") != 0) {
				html_url_component(&url, rq->query.items[i].key);
				strbuf_putc(&url, '=');
				html_url_component(&url, rq->query.items[i].value);
				strbuf_putc(&url, '&');
			}
		html_printf(o, "<p class=\"more\"><a href=\"?%Rafter=%ld\">%s</a></p>", url.data,
		            (long)pg.next, T(rq, "quiz_bank.more"));
		strbuf_free(&url);
	}
	page_end(rq, rs);
	return OK;
}

/* ---- the editor ---- */

#define ROWS_MIN 4

static const char *const letters[QUIZ_OPTIONS_MAX] = {"A", "B", "C", "D", "E",
                                                      "F", "G", "H", "I", "J"};

static void area(struct strbuf *o, const char *name, const char *value, int rows, bool mn)
{
	html_printf(o, "<textarea name=\"%s\" rows=\"%d\"%R>%s</textarea>", name, rows,
	            mn ? " lang=\"mn-Mong\"" : "", value ? value : "");
}

/* The editor form for q (id 0: new), with an error (field, message) above when set. */
static void editor(struct req *rq, struct resp *rs, const struct quiz_question *q,
                   const char *field, const char *message)
{
	struct strbuf *o = &rs->body;
	quiz_console_begin(rq, rs, q->id ? T(rq, "quiz_bank.edit") : T(rq, "quiz_bank.new"));
	if (message)
		html_printf(o, "<p class=\"error\" role=\"alert\" data-field=\"%s\">%s</p>",
		            field ? field : "", message);
	if (q->id)
		html_printf(o,
		            "<form class=\"editor quiz\" method=\"post\" "
		            "action=\"/admin/quiz/questions/%ld\">",
		            (long)q->id);
	else
		html_printf(o, "<form class=\"editor quiz\" method=\"post\" "
		               "action=\"/admin/quiz/questions\">");
	csrf(rq, rs);
	html_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%ld\">", (long)q->version);
	html_printf(o, "<div class=\"meta-fields\"><label>%s ", T(rq, "quiz_bank.field.kind"));
	select_of(rq, o, "kind", "quiz_bank.kind.", kinds, ARRAY_LEN(kinds), q->kind, false);
	html_printf(
	    o,
	    "</label><label>%s <input name=\"category\" value=\"%s\" maxlength=\"60\"></label>"
	    "<label>%s <input name=\"difficulty\" type=\"number\" min=\"1\" max=\"5\" "
	    "value=\"%d\"></label><label>%s <input name=\"tags\" value=\"%s\"></label><label>%s ",
	    T(rq, "quiz_bank.field.category"), q->category ? q->category : "",
	    T(rq, "quiz_bank.field.difficulty"), q->difficulty ? q->difficulty : 3,
	    T(rq, "quiz_bank.field.tags"), q->tags ? q->tags : "", T(rq, "quiz_bank.field.status"));
	select_of(rq, o, "status", "quiz_bank.status.", statuses, ARRAY_LEN(statuses),
	          q->status ? q->status : "active", false);
	bool tf_true =
	    q->kind && strcmp(q->kind, "truefalse") == 0 && q->n_options && q->options[0].correct;
	html_printf(
	    o,
	    "</label></div><fieldset class=\"truefalse\"><legend>%s</legend>"
	    "<label><input type=\"radio\" name=\"tf\" value=\"true\"%R> %s</label> "
	    "<label><input type=\"radio\" name=\"tf\" value=\"false\"%R> %s</label></fieldset>",
	    T(rq, "quiz_bank.kind.truefalse"), tf_true ? " checked" : "",
	    T(rq, "quiz_bank.tf.true"), tf_true ? "" : " checked", T(rq, "quiz_bank.tf.false"));
	bool tf = q->kind && strcmp(q->kind, "truefalse") == 0;
	size_t rows = tf ? 0 : q->n_options;
	rows = rows + 2 < ROWS_MIN           ? ROWS_MIN
	       : rows + 2 > QUIZ_OPTIONS_MAX ? QUIZ_OPTIONS_MAX
	                                     : rows + 2;
	html_printf(o, "<fieldset class=\"correct\"><legend>%s</legend>",
	            T(rq, "quiz_bank.correct"));
	for (size_t k = 0; k < rows; k++)
		html_printf(o,
		            "<label><input type=\"checkbox\" name=\"correct_%d\" value=\"1\"%R> "
		            "%s</label> ",
		            (int)k + 1,
		            !tf && k < q->n_options && q->options[k].correct ? " checked" : "",
		            letters[k]);
	html_printf(o, "</fieldset><div class=\"versions\">");
	for (int l = 0; l < 2; l++) {
		const char *lang = l ? "mn" : "zh";
		html_printf(o, "<fieldset class=\"lang-%s\"%R><legend>%s</legend>", lang,
		            l ? " lang=\"mn-Mong\"" : " lang=\"zh-Hans\"",
		            label(rq, "quiz_bank.lang.", lang));
		html_printf(o, "<label><span>%s</span>", T(rq, "quiz_bank.field.stem"));
		area(o, l ? "stem_mn" : "stem_zh", l ? q->stem_mn : q->stem_zh, 3, l);
		html_printf(o, "</label>");
		for (size_t k = 0; k < rows; k++) {
			const struct quiz_option *op =
			    !tf && k < q->n_options ? &q->options[k] : NULL;
			html_printf(o,
			            "<label class=\"option\"><span>%s</span><input "
			            "name=\"opt_%s_%d\" value=\"%s\"%R></label>",
			            letters[k], lang, (int)k + 1,
			            op ? (l ? op->text_mn : op->text_zh) : "",
			            l ? " lang=\"mn-Mong\"" : "");
		}
		html_printf(o, "<label><span>%s</span>", T(rq, "quiz_bank.field.explanation"));
		area(o, l ? "explanation_mn" : "explanation_zh",
		     l ? q->explanation_mn : q->explanation_zh, 3, l);
		html_printf(o, "</label></fieldset>");
	}
	struct strbuf ans;
	strbuf_init(&ans);
	for (size_t k = 0; k < q->n_answers; k++)
		strbuf_printf(&ans, "%s%s", k ? "\n" : "", q->answers[k].answer);
	html_printf(o,
	            "</div><label class=\"answers\"><span>%s</span> <small>%s</small>"
	            "<textarea name=\"answers\" rows=\"4\">%s</textarea></label>"
	            "<p class=\"actions\"><button class=\"submit\">%s</button></p></form>",
	            T(rq, "quiz_bank.field.answers"), T(rq, "quiz_bank.answers_help"), ans.data,
	            T(rq, "quiz_bank.save"));
	strbuf_free(&ans);
	if (q->id) {
		struct quiz_revision *r;
		size_t n;
		if (quiz_revisions_list(rq->app->store, rq->arena, q->id, &r, &n) == OK && n) {
			html_printf(o, "<h2>%s</h2><ul class=\"revisions\">",
			            T(rq, "quiz_bank.revisions"));
			for (size_t i = 0; i < n; i++) {
				char when[32];
				clock_format_rfc3339(r[i].saved_at, when);
				html_printf(o, "<li>v%ld · <time>%s</time></li>",
				            (long)r[i].version, when);
			}
			html_printf(o, "</ul>");
		}
	}
	page_end(rq, rs);
}

/* GET /admin/quiz/questions/new */
static int page_new(struct req *rq, struct resp *rs)
{
	struct quiz_question q = {.kind = "single", .difficulty = 3, .status = "active"};
	const char *k = req_query(rq, "kind");
	if (quiz_kind_valid(k))
		q.kind = k;
	editor(rq, rs, &q, NULL, NULL);
	return OK;
}

/* GET /admin/quiz/questions/:id/edit */
static int page_edit(struct req *rq, struct resp *rs)
{
	struct quiz_question q;
	int64_t id = quiz_parse_id(req_param(rq, "id"));
	int rc = id ? quiz_question_get(rq->app->store, rq->arena, id, &q) : QUIZ_NOT_FOUND;
	if (rc != OK)
		return quiz_reply_result(rq, rs, rc == QUIZ_NOT_FOUND ? QUIZ_NOT_FOUND : QUIZ_OK);
	editor(rq, rs, &q, NULL, NULL);
	return OK;
}

/* The submitted form as a question (unchecked). */
static void form_question(struct req *rq, struct quiz_question *q)
{
	memset(q, 0, sizeof *q);
	q->kind = req_form(rq, "kind");
	q->category = req_form(rq, "category");
	q->tags = req_form(rq, "tags");
	q->status = req_form(rq, "status");
	q->stem_zh = req_form(rq, "stem_zh");
	q->stem_mn = req_form(rq, "stem_mn");
	q->explanation_zh = req_form(rq, "explanation_zh");
	q->explanation_mn = req_form(rq, "explanation_mn");
	const char *d = req_form(rq, "difficulty");
	q->difficulty = d && strlen(d) == 1 ? *d - '0' : d && *d ? 0 : 3;
	q->options = arena_alloc(rq->arena, QUIZ_OPTIONS_MAX * sizeof *q->options);
	if (q->kind && strcmp(q->kind, "truefalse") == 0) {
		const char *tf = req_form(rq, "tf");
		q->n_options = 2;
		q->options[0].correct = tf && strcmp(tf, "true") == 0;
		q->options[1].correct = !q->options[0].correct;
	} else if (q->kind && strcmp(q->kind, "fill") != 0) {
		for (int k = 1; k <= QUIZ_OPTIONS_MAX; k++) {
			const char *z = req_form(rq, arena_printf(rq->arena, "opt_zh_%d", k));
			const char *m = req_form(rq, arena_printf(rq->arena, "opt_mn_%d", k));
			const char *c = req_form(rq, arena_printf(rq->arena, "correct_%d", k));
			if ((!z || !*z) && (!m || !*m))
				continue; /* empty rows are dropped; the rest close up */
			struct quiz_option *op = &q->options[q->n_options++];
			op->text_zh = z;
			op->text_mn = m;
			op->correct = c && *c;
		}
	}
	const char *ans = req_form(rq, "answers");
	if (q->kind && strcmp(q->kind, "fill") == 0 && ans) {
		size_t lines = 1;
		for (const char *p = ans; *p; p++)
			lines += *p == '\n';
		q->answers = arena_alloc(rq->arena, lines * sizeof *q->answers);
		for (const char *p = ans; *p;) {
			size_t len = strcspn(p, "\n");
			const char *line = arena_strndup(rq->arena, p, len);
			if (strspn(line, " \t\r") != len)
				q->answers[q->n_answers++].answer = line;
			p += len + (p[len] == '\n');
		}
	}
}

static int form_saved(struct req *rq, struct resp *rs)
{
	struct quiz_save *s = rq->write_ctx;
	if (rq->write_result != OK && s->result == QUIZ_STALE) {
		rs->status = 409;
		struct quiz_question cur;
		if (quiz_question_get(rq->app->store, rq->arena, s->q.id, &cur) != OK)
			return quiz_reply_result(rq, rs, QUIZ_OK);
		editor(rq, rs, &cur, "version", T(rq, "quiz_bank.error.stale"));
		return OK;
	}
	if (rq->write_result != OK)
		return quiz_reply_result(rq, rs, s->result);
	return reply_redirect(rs, 303, "/admin/quiz/questions?done=saved");
}

/* POST /admin/quiz/questions and /admin/quiz/questions/:id */
static int form_save(struct req *rq, struct resp *rs)
{
	struct quiz_save *s = arena_alloc(rq->arena, sizeof *s);
	const char *idp = req_param(rq, "id");
	if (idp && !quiz_parse_id(idp))
		return quiz_reply_result(rq, rs, QUIZ_NOT_FOUND);
	form_question(rq, &s->q);
	s->q.id = idp ? quiz_parse_id(idp) : 0;
	s->q.version = quiz_parse_id(req_form(rq, "version"));
	const char *field = NULL, *key = NULL;
	if (s->q.id && !s->q.version) {
		field = "version";
		key = "error.required";
	} else if (quiz_question_check(rq->arena, &s->q, &field, &key) != OK) {
	} else {
		s->user_id = quiz_req_user(rq);
		s->now_ms = clock_wall_ms();
		quiz_audit_note(rq, s->q.id ? "quiz_question.update" : "quiz_question.create",
		                &s->new_id, s->q.kind);
		return req_write(rq, quiz_question_save, s, form_saved);
	}
	rs->status = 400;
	const char *flabel =
	    field ? arena_printf(rq->arena, "quiz_bank.field.%.*s", (int)strcspn(field, "["), field)
	          : NULL;
	editor(rq, rs, &s->q, field,
	       arena_printf(rq->arena, "%s%s%s", flabel ? T(rq, flabel) : "", flabel ? ": " : "",
	                    T(rq, key)));
	return OK;
}

/* ---- import and export ---- */

static void import_form(struct req *rq, struct resp *rs)
{
	html_printf(
	    &rs->body,
	    "<form class=\"import\" method=\"post\" action=\"/admin/quiz/questions/import\" "
	    "enctype=\"multipart/form-data\">");
	csrf(rq, rs);
	html_printf(
	    &rs->body,
	    "<p><label>%s <input type=\"file\" name=\"file\" required "
	    "accept=\".gift,.txt,.csv\"></label> <label>%s <select name=\"format\">"
	    "<option value=\"gift\">GIFT</option><option value=\"csv\">CSV</option></select>"
	    "</label></p><p><label><input type=\"checkbox\" name=\"valid_only\" value=\"1\"> "
	    "%s</label></p><p class=\"help\">%s</p><p><button>%s</button></p></form>",
	    T(rq, "quiz_bank.import.file"), T(rq, "quiz_bank.import.format"),
	    T(rq, "quiz_bank.import.valid_only"), T(rq, "quiz_bank.import.help"),
	    T(rq, "quiz_bank.import.submit"));
}

/* GET /admin/quiz/questions/import */
static int page_import(struct req *rq, struct resp *rs)
{
	quiz_console_begin(rq, rs, T(rq, "quiz_bank.import.title"));
	import_form(rq, rs);
	page_end(rq, rs);
	return OK;
}

/* The report of an import: counts, then a table of the rejected parts. */
static void import_report(struct req *rq, struct resp *rs, const struct quiz_import *imp,
                          const char *headline)
{
	struct strbuf *o = &rs->body;
	quiz_console_begin(rq, rs, T(rq, "quiz_bank.import.title"));
	html_printf(o, "<p class=\"%s\" role=\"status\">%s</p>", imp->n_errors ? "error" : "notice",
	            headline);
	if (imp->n_errors) {
		html_printf(
		    o,
		    "<table class=\"report\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
		    "</thead><tbody>",
		    T(rq, "quiz_bank.import.line"), T(rq, "quiz_bank.import.reason"),
		    T(rq, "quiz_bank.import.found"));
		for (size_t i = 0; i < imp->n; i++) {
			const struct quiz_import_item *it = &imp->items[i];
			if (!it->error_key)
				continue;
			const char *fl = it->field
			                     ? arena_printf(rq->arena, "quiz_bank.field.%.*s",
			                                    (int)strcspn(it->field, "["), it->field)
			                     : NULL;
			html_printf(o,
			            "<tr><td class=\"line\">%d</td><td>%s%s%s</td><td>%s</td></tr>",
			            it->line, fl ? T(rq, fl) : "", fl ? ": " : "",
			            T(rq, it->error_key), it->detail ? it->detail : "");
		}
		html_printf(o, "</tbody></table>");
	}
	import_form(rq, rs);
	page_end(rq, rs);
}

static int imported(struct req *rq, struct resp *rs)
{
	struct quiz_import_run *run = rq->write_ctx;
	if (rq->write_result != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	import_report(rq, rs, run->imp,
	              arena_printf(rq->arena, "%s %zu · %s %zu", T(rq, "quiz_bank.import.imported"),
	                           run->imported, T(rq, "quiz_bank.import.rejected"),
	                           run->imp->n_errors));
	return OK;
}

/* POST /admin/quiz/questions/import (multipart: file, format, valid_only) */
static int form_import(struct req *rq, struct resp *rs)
{
	const struct upload *file = NULL;
	for (size_t i = 0; i < rq->files.n && !file; i++)
		if (strcmp(rq->files.items[i].field, "file") == 0)
			file = &rq->files.items[i];
	const char *fmt = req_form(rq, "format");
	if (!file)
		return reply_error(rq, rs, 400, "required", "file", "quiz_bank.import.no_file");
	if (fmt && strcmp(fmt, "gift") != 0 && strcmp(fmt, "csv") != 0)
		return reply_error(rq, rs, 400, "invalid_value", "format", "error.invalid_value");
	struct quiz_import *imp = arena_alloc(rq->arena, sizeof *imp);
	if (fmt && strcmp(fmt, "csv") == 0)
		quiz_csv_parse(rq->arena, file->data, file->len, imp);
	else
		quiz_gift_parse(rq->arena, file->data, file->len, imp);
	const char *vo = req_form(rq, "valid_only");
	size_t valid = imp->n - imp->n_errors;
	if ((imp->n_errors && !(vo && *vo)) || valid == 0) {
		rs->status = 400;
		import_report(rq, rs, imp,
		              arena_printf(rq->arena, "%s %zu · %s %zu · %s",
		                           T(rq, "quiz_bank.import.rejected"), imp->n_errors,
		                           T(rq, "quiz_bank.import.valid"), valid,
		                           T(rq, "quiz_bank.import.nothing")));
		return OK;
	}
	struct quiz_import_run *run = arena_alloc(rq->arena, sizeof *run);
	run->imp = imp;
	run->user_id = quiz_req_user(rq);
	run->now_ms = clock_wall_ms();
	quiz_audit_note(rq, "quiz_question.import", NULL,
	                arena_printf(rq->arena, "%s %zu questions, %zu rejected",
	                             fmt && strcmp(fmt, "csv") == 0 ? "csv" : "gift", valid,
	                             imp->n_errors));
	return req_write(rq, quiz_import_save, run, imported);
}

/* GET /admin/quiz/questions/export?format=gift|csv[&status=] */
static int page_export(struct req *rq, struct resp *rs)
{
	const char *fmt = req_query(rq, "format");
	const char *status = req_query(rq, "status");
	bool csv = fmt && strcmp(fmt, "csv") == 0;
	if (fmt && *fmt && !csv && strcmp(fmt, "gift") != 0)
		return quiz_reply_field(rq, rs, "format", "error.invalid_value");
	if (status && *status && !quiz_status_valid(status))
		return quiz_reply_field(rq, rs, "status", "quiz_bank.error.status");
	if (quiz_bank_export(rq->app->store, rq->arena, csv ? QUIZ_CSV : QUIZ_GIFT,
	                     status && *status ? status : NULL, &rs->body) != OK)
		return quiz_reply_result(rq, rs, QUIZ_OK);
	rs->status = 200;
	rs->content_type = csv ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
	resp_header(rs, "Cache-Control", "no-store");
	resp_header(rs, "Content-Disposition",
	            csv ? "attachment; filename=\"tala-questions.csv\""
	                : "attachment; filename=\"tala-questions.gift\"");
	return OK;
}

void quiz_bank_console_mount(struct router *r)
{
	/* the router takes the first match: fixed paths before :id */
	router_add(r, "GET", "/admin/quiz/questions", "quiz.manage", page_list);
	router_add(r, "GET", "/admin/quiz/questions/new", "quiz.manage", page_new);
	router_add(r, "GET", "/admin/quiz/questions/import", "quiz.manage", page_import);
	router_add(r, "POST", "/admin/quiz/questions/import", "quiz.manage", form_import);
	router_add(r, "GET", "/admin/quiz/questions/export", "quiz.manage", page_export);
	router_add(r, "POST", "/admin/quiz/questions", "quiz.manage", form_save);
	router_add(r, "GET", "/admin/quiz/questions/:id/edit", "quiz.manage", page_edit);
	router_add(r, "POST", "/admin/quiz/questions/:id", "quiz.manage", form_save);
}
