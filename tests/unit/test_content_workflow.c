/* test_content_workflow.c: the content core on a migrated store — workflow rules (the
 * transition table, draft -> review -> published -> archived, refusals), scheduled
 * publishing and unpublishing by the sweep, version conflicts (a stale save changes
 * nothing), a push to a whole subtree in one write (placements counted), pull and local
 * take-down in public lists, revision diff and restore, and input checks. */
#include "store/store.h"
#include "test_util.h"

#include "base/arena.h"
#include "base/common.h"
#include "content/content.h"

#include <string.h>

static struct tu_db D;
static int64_t R, L, C1, C2, S; /* region, league, two counties, a society */

static int64_t site(const char *slug, const char *kind, const char *region, int64_t parent)
{
	struct site_new n = {.slug = slug,
	                     .kind = kind,
	                     .region_code = region,
	                     .name_zh = slug,
	                     .parent_id = parent,
	                     .now_ms = 1};
	assert_int_equal(store_write(D.s, content_site_insert, &n), OK);
	return n.id;
}

static int setup(void **state)
{
	(void)state;
	tu_db_open(&D, 64);
	int applied = 0;
	char err[256] = "";
	if (store_migrate(D.s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
	assert_int_equal(
	    store_write(D.s, tu_exec_closure,
	                "INSERT INTO regions(code, level, parent, name_zh) VALUES"
	                " ('15', 'province', NULL, 'r'), ('1501', 'league', '15', 'l'),"
	                " ('150102', 'county', '1501', 'c1'),"
	                " ('150103', 'county', '1501', 'c2')"),
	    OK);
	R = site("nmg", "region", "15", 0);
	L = site("1501", "league", "1501", R);
	C1 = site("150102", "county", "150102", L);
	C2 = site("150103", "county", "150103", L);
	S = site("society-01", "society", NULL, R);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_db_close(&D);
	return 0;
}

static struct article_text zh1 = {"标题", "摘要", "第一行\n第二行\n第三行", "作者", ""};

/* Creates an article on site; returns its id. */
static int64_t create(int64_t site_id, const char *status)
{
	struct article_save s = {.status = status, .now_ms = 1000};
	s.in.site_id = site_id;
	s.in.column_id = 1;
	s.in.zh = &zh1;
	assert_int_equal(store_write(D.s, content_article_save, &s), OK);
	assert_int_equal(s.new_version, 1);
	return s.new_id;
}

static int transition(int64_t id, const char *to, int64_t publish_at, enum content_result *r)
{
	struct article_transition t = {
	    .id = id, .to = to, .publish_at = publish_at, .now_ms = 2000};
	int rc = store_write(D.s, content_article_transition, &t);
	*r = t.result;
	return rc;
}

static const char *status_of(int64_t id)
{
	static char buf[16];
	struct arena a;
	arena_init(&a, 4096);
	struct article ar;
	assert_int_equal(content_article_get(D.s, &a, id, &ar), OK);
	snprintf(buf, sizeof buf, "%s", ar.status);
	arena_free(&a);
	return buf;
}

static void test_transition_table(void **state)
{
	(void)state;
	assert_string_equal(content_transition_perm("draft", "review"), "content.edit");
	assert_string_equal(content_transition_perm("review", "published"), "content.publish");
	assert_string_equal(content_transition_perm("review", "draft"), "content.publish");
	assert_string_equal(content_transition_perm("published", "archived"), "content.publish");
	assert_null(content_transition_perm("draft", "published"));
	assert_null(content_transition_perm("archived", "published"));
	assert_null(content_transition_perm("draft", "bogus"));
	assert_true(content_status_valid("review"));
	assert_false(content_status_valid("deleted"));
}

static void test_workflow(void **state)
{
	(void)state;
	int64_t id = create(R, NULL);
	enum content_result r;
	assert_string_equal(status_of(id), "draft");
	assert_int_equal(transition(id, "published", 0, &r), ERR); /* no skipping review */
	assert_int_equal(r, CONTENT_CONFLICT);
	assert_string_equal(status_of(id), "draft");
	assert_int_equal(transition(id, "review", 0, &r), OK);
	assert_int_equal(transition(id, "draft", 0, &r), OK); /* sent back */
	assert_int_equal(transition(id, "review", 0, &r), OK);
	assert_int_equal(transition(id, "published", 0, &r), OK);
	assert_string_equal(status_of(id), "published");
	assert_int_equal(transition(id, "review", 0, &r), ERR);
	assert_int_equal(r, CONTENT_CONFLICT);
	assert_int_equal(transition(id, "archived", 0, &r), OK);
	assert_string_equal(status_of(id), "archived");
	assert_int_equal(transition(999999, "review", 0, &r), ERR);
	assert_int_equal(r, CONTENT_NOT_FOUND);
}

static void test_scheduled(void **state)
{
	(void)state;
	int64_t id = create(R, NULL);
	enum content_result r;
	assert_int_equal(transition(id, "review", 0, &r), OK);
	assert_int_equal(transition(id, "published", 50000, &r), OK); /* later than now */
	assert_string_equal(status_of(id), "review");
	struct content_sweep_run sw = {.now_ms = 49999};
	assert_int_equal(store_write(D.s, content_sweep, &sw), OK);
	assert_string_equal(status_of(id), "review");
	sw.now_ms = 50000;
	assert_int_equal(store_write(D.s, content_sweep, &sw), OK);
	assert_int_equal(sw.published, 1);
	assert_string_equal(status_of(id), "published");
	/* unpublish */
	assert_int_equal(store_write(D.s, tu_exec_closure,
	                             "UPDATE articles SET unpublish_at = 60000 WHERE status ="
	                             " 'published'"),
	                 OK);
	sw.now_ms = 60000;
	assert_int_equal(store_write(D.s, content_sweep, &sw), OK);
	assert_true(sw.archived >= 1);
	assert_string_equal(status_of(id), "archived");
}

static void test_version_conflict(void **state)
{
	(void)state;
	int64_t id = create(R, NULL);
	struct article_text zh2 = {"新标题", "", "正文", "", ""};
	struct article_save s = {.id = id, .version = 1, .now_ms = 3000};
	s.in.column_id = 2;
	s.in.zh = &zh2;
	assert_int_equal(store_write(D.s, content_article_save, &s), OK);
	assert_int_equal(s.new_version, 2);
	struct article_text zh3 = {"迟到的标题", "", "", "", ""};
	struct article_save late = {.id = id, .version = 1, .now_ms = 4000};
	late.in.column_id = 3;
	late.in.zh = &zh3;
	assert_int_equal(store_write(D.s, content_article_save, &late), ERR);
	assert_int_equal(late.result, CONTENT_STALE);
	struct arena a;
	arena_init(&a, 4096);
	struct article ar;
	assert_int_equal(content_article_get(D.s, &a, id, &ar), OK);
	assert_int_equal(ar.version, 2);
	assert_int_equal(ar.column_id, 2);
	assert_string_equal(ar.zh->title, "新标题");
	assert_null(ar.mn);
	arena_free(&a);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM revisions WHERE article_id = %lld",
	         (long long)id);
	assert_int_equal(tu_path_int(D.path, sql), 2);
	/* unknown column: nothing saved */
	struct article_save bad = {.id = id, .version = 2, .now_ms = 5000};
	bad.in.column_id = 999;
	bad.in.zh = &zh3;
	assert_int_equal(store_write(D.s, content_article_save, &bad), ERR);
	assert_int_equal(bad.result, CONTENT_INVALID);
	assert_string_equal(bad.field, "column");
	assert_int_equal(tu_path_int(D.path, sql), 2);
}

static size_t public_count(int64_t site_id)
{
	struct arena a;
	arena_init(&a, 4096);
	struct article_filter f = {.site_id = site_id, .limit = 100, .now_ms = 10000};
	struct article_page pg;
	assert_int_equal(content_articles_list(D.s, &a, &f, &pg, NULL), OK);
	size_t n = (size_t)pg.total;
	arena_free(&a);
	return n;
}

static void test_push_subtree(void **state)
{
	(void)state;
	size_t c1_before = public_count(C1), s_before = public_count(S);
	int64_t id = create(R, "published");
	struct article_push p = {.article_id = id, .from_site_id = R, .now_ms = 5000};
	assert_int_equal(store_write(D.s, content_article_push, &p), OK); /* one write */
	assert_int_equal(p.placed, 4); /* league, two counties, society */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM placements WHERE article_id = %lld",
	         (long long)id);
	assert_int_equal(tu_path_int(D.path, sql), 5);
	assert_int_equal(store_write(D.s, content_article_push, &p), OK);
	assert_int_equal(p.placed, 0); /* already everywhere */
	assert_int_equal(public_count(C1), c1_before + 1);
	assert_int_equal(public_count(S), s_before + 1);
	/* a county takes it down locally: gone there only */
	struct article_hide h = {.article_id = id, .site_id = C1, .hidden = true};
	assert_int_equal(store_write(D.s, content_article_hide, &h), OK);
	assert_int_equal(public_count(C1), c1_before);
	assert_true(content_article_visible(D.s, C2, id, 10000));
	assert_false(content_article_visible(D.s, C1, id, 10000));
	/* pushing again keeps the take-down */
	assert_int_equal(store_write(D.s, content_article_push, &p), OK);
	assert_false(content_article_visible(D.s, C1, id, 10000));
	/* a league cannot push what it does not carry */
	int64_t other = create(C2, "published");
	struct article_push q = {.article_id = other, .from_site_id = L, .now_ms = 5000};
	assert_int_equal(store_write(D.s, content_article_push, &q), ERR);
	assert_int_equal(q.result, CONTENT_CONFLICT);
	/* pull: C1 takes a league article, S cannot take a county's */
	int64_t la = create(L, "published");
	struct article_pull pl = {.article_id = la, .site_id = C1, .now_ms = 6000};
	assert_int_equal(store_write(D.s, content_article_pull, &pl), OK);
	assert_true(content_article_visible(D.s, C1, la, 10000));
	struct article_pull bad = {.article_id = other, .site_id = S, .now_ms = 6000};
	assert_int_equal(store_write(D.s, content_article_pull, &bad), ERR);
	assert_int_equal(bad.result, CONTENT_CONFLICT);
	/* hiding where it is not placed */
	struct article_hide nh = {.article_id = other, .site_id = S, .hidden = true};
	assert_int_equal(store_write(D.s, content_article_hide, &nh), ERR);
	assert_int_equal(nh.result, CONTENT_NOT_FOUND);
}

static void test_subtree_reads(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct site_list l;
	assert_int_equal(content_site_subtree(D.s, &a, L, &l), OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].id, L);
	assert_int_equal(content_site_ancestors(D.s, &a, C2, &l), OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, L);
	assert_int_equal(l.items[1].id, R);
	struct site s;
	assert_int_equal(content_site_by_id(D.s, &a, S, &s), OK);
	char want[32];
	snprintf(want, sizeof want, "site:%lld", (long long)S);
	assert_string_equal(content_site_scope(&s), want);
	assert_int_equal(content_site_by_slug(D.s, &a, "150102", &s), OK);
	assert_string_equal(content_site_scope(&s), "150102");
	assert_int_equal(content_sites_list(D.s, &a, "county", 0, &l), OK);
	assert_int_equal(l.n, 2);
	struct content_column *cols;
	size_t n;
	assert_int_equal(content_columns(D.s, &a, C1, &cols, &n), OK);
	assert_int_equal(n, 9);
	size_t tv = 0;
	for (size_t i = 0; i < n; i++)
		tv += cols[i].tv;
	assert_int_equal(tv, 6);
	arena_free(&a);
}

static void test_revisions(void **state)
{
	(void)state;
	int64_t id = create(R, NULL);
	struct article_text zh2 = {"标题", "摘要", "第一行\n改过的第二行\n第三行", "作者", ""};
	struct article_save s = {.id = id, .version = 1, .now_ms = 3000};
	s.in.column_id = 1;
	s.in.zh = &zh2;
	const char *tags[] = {"新"};
	s.in.tags = tags;
	s.in.ntags = 1;
	assert_int_equal(store_write(D.s, content_article_save, &s), OK);
	struct arena a;
	arena_init(&a, 4096);
	struct revision r1, r2;
	assert_int_equal(content_revision_get(D.s, &a, id, 1, &r1), OK);
	assert_int_equal(content_revision_get(D.s, &a, id, 2, &r2), OK);
	struct diff_line *d;
	size_t n;
	assert_int_equal(content_revision_diff(&a, r1.snapshot, r2.snapshot, &d, &n), OK);
	int minus = 0, plus = 0, same = 0, tagline = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(d[i].field, "tags") == 0) {
			tagline++;
			continue;
		}
		assert_string_equal(d[i].field, "zh.body");
		if (d[i].op == '-') {
			minus++;
			assert_string_equal(d[i].text, "第二行");
		} else if (d[i].op == '+') {
			plus++;
			assert_string_equal(d[i].text, "改过的第二行");
		} else {
			same++;
		}
	}
	assert_int_equal(minus, 1);
	assert_int_equal(plus, 1);
	assert_int_equal(same, 2);
	assert_true(tagline >= 1);
	/* restore version 1 as version 3; a stale restore changes nothing */
	struct article_restore stale = {.id = id, .version = 1, .from_version = 1, .now_ms = 4000};
	assert_int_equal(store_write(D.s, content_revision_restore, &stale), ERR);
	assert_int_equal(stale.result, CONTENT_STALE);
	struct article_restore rs = {.id = id, .version = 2, .from_version = 1, .now_ms = 4000};
	assert_int_equal(store_write(D.s, content_revision_restore, &rs), OK);
	assert_int_equal(rs.new_version, 3);
	struct article ar;
	assert_int_equal(content_article_get(D.s, &a, id, &ar), OK);
	assert_string_equal(ar.zh->body, zh1.body);
	assert_int_equal(ar.ntags, 0);
	struct revision *list;
	assert_int_equal(content_revisions_list(D.s, &a, id, &list, &n), OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].version, 3);
	struct article_restore none = {.id = id, .version = 3, .from_version = 9, .now_ms = 1};
	assert_int_equal(store_write(D.s, content_revision_restore, &none), ERR);
	assert_int_equal(none.result, CONTENT_NOT_FOUND);
	arena_free(&a);
}

static void test_check(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	const char *field = NULL, *key = NULL;
	struct article_input in = {.column_id = 1};
	assert_int_equal(content_article_check(&a, &in, &field, &key), ERR);
	assert_string_equal(field, "zh");
	struct article_text mn = {"  ", NULL, NULL, NULL, NULL};
	in.mn = &mn;
	assert_int_equal(content_article_check(&a, &in, &field, &key), ERR);
	assert_string_equal(field, "mn.title");
	assert_string_equal(key, "error.required");
	char longt[CONTENT_TITLE_MAX + 2];
	memset(longt, 'x', sizeof longt - 1);
	longt[sizeof longt - 1] = '\0';
	mn.title = longt;
	assert_int_equal(content_article_check(&a, &in, &field, &key), ERR);
	assert_string_equal(key, "error.too_long");
	mn.title = " ᠮᠣᠩᠭᠣᠯ ";
	mn.body = "<p onclick=\"x()\">hi</p><script>alert(1)</script>";
	const char *tags[] = {" a ", "a", "", "b"};
	in.tags = tags;
	in.ntags = 4;
	assert_int_equal(content_article_check(&a, &in, &field, &key), OK);
	assert_string_equal(mn.title, "ᠮᠣᠩᠭᠣᠯ");
	assert_int_equal(in.ntags, 2);
	assert_null(strstr(mn.body, "script"));
	assert_null(strstr(mn.body, "onclick"));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_transition_table), cmocka_unit_test(test_workflow),
	    cmocka_unit_test(test_scheduled),        cmocka_unit_test(test_version_conflict),
	    cmocka_unit_test(test_push_subtree),     cmocka_unit_test(test_subtree_reads),
	    cmocka_unit_test(test_revisions),        cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
