/* content_check.c: what an editor submits, checked and cleaned before it reaches the
 * writer (lengths, tags, text normalization, the HTML sanitizer), and the line diff of two
 * revision snapshots. No SQL here. */
#include "base/common.h"
#include "base/utf8.h"
#include "content/content.h"
#include "content/content_sanitize.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* Normalizes *s (trimmed, text_normalize) into the arena; ERR when it is longer than
 * max_chars characters (max_bytes bytes when max_chars is 0). */
static int clean(struct arena *a, const char **s, size_t max_chars, size_t max_bytes)
{
	if (!*s) {
		*s = "";
		return OK;
	}
	const char *p = *s;
	size_t n = strlen(p);
	while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if ((max_bytes && n > max_bytes) || (max_chars && utf8_length(p, n) > max_chars))
		return ERR;
	struct strbuf sb;
	strbuf_init(&sb);
	text_normalize(p, n, &sb);
	*s = arena_strndup(a, sb.data, sb.len);
	strbuf_free(&sb);
	return OK;
}

static int fail(const char **field, const char **key, const char *f, const char *k)
{
	*field = f;
	*key = k;
	return ERR;
}

static int text_check(struct arena *a, struct article_text *t, const char *lang, const char **field,
                      const char **key)
{
	static const char *const names[2][5] = {
	    {"zh.title", "zh.summary", "zh.body", "zh.author", "zh.source"},
	    {"mn.title", "mn.summary", "mn.body", "mn.author", "mn.source"},
	};
	int l = strcmp(lang, "mn") == 0;
	if (clean(a, &t->title, CONTENT_TITLE_MAX, 0) != OK)
		return fail(field, key, names[l][0], "error.too_long");
	if (!*t->title)
		return fail(field, key, names[l][0], "error.required");
	if (clean(a, &t->summary, CONTENT_SUMMARY_MAX, 0) != OK)
		return fail(field, key, names[l][1], "error.too_long");
	if (clean(a, &t->body, 0, CONTENT_BODY_MAX) != OK)
		return fail(field, key, names[l][2], "error.too_long");
	if (clean(a, &t->author, CONTENT_NAME_MAX, 0) != OK)
		return fail(field, key, names[l][3], "error.too_long");
	if (clean(a, &t->source, CONTENT_NAME_MAX, 0) != OK)
		return fail(field, key, names[l][4], "error.too_long");
	struct strbuf sb;
	strbuf_init(&sb);
	int rc = content_sanitize(t->body, strlen(t->body), &sb);
	if (rc == OK)
		t->body = arena_strndup(a, sb.data, sb.len);
	strbuf_free(&sb);
	if (rc != OK)
		return fail(field, key, names[l][2], "content.error.invalid_html");
	return OK;
}

int content_article_check(struct arena *a, struct article_input *in, const char **field,
                          const char **error_key)
{
	if (!in->zh && !in->mn)
		return fail(field, error_key, "zh", "content.error.no_language");
	if (in->zh && text_check(a, in->zh, "zh", field, error_key) != OK)
		return ERR;
	if (in->mn && text_check(a, in->mn, "mn", field, error_key) != OK)
		return ERR;
	if (in->ntags > CONTENT_TAGS_MAX)
		return fail(field, error_key, "tags", "content.error.too_many_tags");
	const char **tags = in->ntags ? arena_alloc(a, in->ntags * sizeof *tags) : NULL;
	size_t n = 0;
	for (size_t i = 0; i < in->ntags; i++) {
		const char *t = in->tags[i];
		if (clean(a, &t, CONTENT_TAG_MAX, 0) != OK)
			return fail(field, error_key, "tags", "error.too_long");
		bool dup = !*t;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(tags[j], t) == 0;
		if (!dup)
			tags[n++] = t;
	}
	in->tags = tags;
	in->ntags = n;
	if (in->publish_at < 0 || in->unpublish_at < 0 ||
	    (in->publish_at && in->unpublish_at && in->unpublish_at <= in->publish_at))
		return fail(field, error_key, "unpublish_at", "error.invalid_value");
	return OK;
}

/* ---- diff ---- */

/* Splits s into lines (arena). */
static size_t split_lines(struct arena *a, const char *s, const char ***out)
{
	size_t cap = 0, n = 0;
	*out = NULL;
	if (!s || !*s)
		return 0;
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		*out = arena_grow_array(a, *out, n, &cap, sizeof **out);
		(*out)[n++] = arena_strndup(a, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

struct diff_out {
	struct arena *a;
	struct diff_line *items;
	size_t n, cap;
};

static void emit(struct diff_out *d, const char *field, char op, const char *text)
{
	d->items = arena_grow_array(d->a, d->items, d->n, &d->cap, sizeof *d->items);
	d->items[d->n++] = (struct diff_line){field, op, text};
}

/* LCS line diff of x and y; large inputs fall back to all-removed, all-added. */
static void diff_lines(struct diff_out *d, const char *field, const char *x, const char *y)
{
	if (strcmp(x ? x : "", y ? y : "") == 0)
		return;
	const char **a, **b;
	size_t n = split_lines(d->a, x, &a), m = split_lines(d->a, y, &b);
	if ((n + 1) * (m + 1) > 4000000) {
		for (size_t i = 0; i < n; i++)
			emit(d, field, '-', a[i]);
		for (size_t j = 0; j < m; j++)
			emit(d, field, '+', b[j]);
		return;
	}
	uint32_t *t = calloc((n + 1) * (m + 1), sizeof *t);
	if (!t)
		return;
#define L(i, j) t[(size_t)(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = strcmp(a[i], b[j]) == 0      ? L(i + 1, j + 1) + 1
			          : L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j)
			                                       : L(i, j + 1);
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && strcmp(a[i], b[j]) == 0) {
			emit(d, field, ' ', a[i]);
			i++, j++;
		} else if (j < m && (i == n || L(i, j + 1) >= L(i + 1, j))) {
			emit(d, field, '+', b[j++]);
		} else {
			emit(d, field, '-', a[i++]);
		}
	}
#undef L
	free(t);
}

static const char *snap_str(json_t *snap, const char *lang, const char *key)
{
	json_t *o = json_object_get(snap, lang);
	return json_is_object(o) ? json_string_value(json_object_get(o, key)) : NULL;
}

/* A snapshot's non-text field as a line ("column 3", "a, b" for tags). */
static const char *snap_line(struct arena *a, json_t *snap, const char *key)
{
	json_t *v = json_object_get(snap, key);
	if (json_is_array(v)) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (size_t i = 0; i < json_array_size(v); i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "",
			              json_string_value(json_array_get(v, i))
			                  ? json_string_value(json_array_get(v, i))
			                  : "");
		const char *r = arena_strndup(a, sb.data, sb.len);
		strbuf_free(&sb);
		return r;
	}
	return arena_printf(a, "%lld", (long long)json_integer_value(v));
}

int content_revision_diff(struct arena *a, const char *older, const char *newer,
                          struct diff_line **out, size_t *n)
{
	json_t *x = json_loads(older ? older : "", 0, NULL);
	json_t *y = json_loads(newer ? newer : "", 0, NULL);
	int rc = ERR;
	if (!json_is_object(x) || !json_is_object(y))
		goto out;
	struct diff_out d = {.a = a};
	static const char *const langs[] = {"zh", "mn"};
	static const char *const keys[] = {"title", "summary", "body", "author", "source"};
	for (size_t l = 0; l < ARRAY_LEN(langs); l++)
		for (size_t k = 0; k < ARRAY_LEN(keys); k++)
			diff_lines(&d, arena_printf(a, "%s.%s", langs[l], keys[k]),
			           snap_str(x, langs[l], keys[k]), snap_str(y, langs[l], keys[k]));
	static const char *const others[] = {"column_id", "tags", "cover_id", "publish_at",
	                                     "unpublish_at"};
	for (size_t k = 0; k < ARRAY_LEN(others); k++)
		diff_lines(&d, others[k], snap_line(a, x, others[k]), snap_line(a, y, others[k]));
	*out = d.items;
	*n = d.n;
	rc = OK;
out:
	json_decref(x);
	json_decref(y);
	return rc;
}
