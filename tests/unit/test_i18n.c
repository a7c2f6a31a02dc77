/* test_i18n.c: the zh and mn message catalogs and language negotiation (src/base/i18n.c).
 * Every key exists in both catalogs with a non-empty text, Mongolian texts are written in
 * Mongolian script, and Accept-Language is read with its q-values. */
#include "test_util.h"

#include <dirent.h>

#include "base/common.h"
#include "base/i18n.h"
#include "base/utf8.h"

struct keys {
	char **items;
	size_t n, cap;
};

static void collect(const char *key, void *ctx)
{
	struct keys *k = ctx;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->items = realloc(k->items, k->cap * sizeof *k->items);
		assert_non_null(k->items);
	}
	k->items[k->n++] = strdup(key);
}

static void keys_free(struct keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->items[i]);
	free(k->items);
}

/* Counts the "key<TAB>text" lines of the catalog's source files: i18n/<lang>.tsv and every
 * module's i18n/<module>.<lang>.tsv. */
static size_t source_entries(const char *lang)
{
	const char *root = getenv("TALA_SOURCE_DIR");
	assert_non_null(root);
	char dir[1024], path[2048], line[4096], suffix[16];
	snprintf(dir, sizeof dir, "%s/i18n", root);
	snprintf(suffix, sizeof suffix, "%s.tsv", lang);
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0, files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), slen = strlen(suffix);
		if (len < slen || strcmp(e->d_name + len - slen, suffix) != 0 ||
		    (len > slen && e->d_name[len - slen - 1] != '.'))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		files++;
		while (fgets(line, sizeof line, f))
			n += line[0] != '#' && strchr(line, '\t') != NULL;
		fclose(f);
	}
	closedir(d);
	assert_true(files >= 1);
	return n;
}

static void catalogs_are_loaded_whole(void **state)
{
	(void)state;
	static const char *const langs[] = {"zh", "mn"};
	for (size_t l = 0; l < ARRAY_LEN(langs); l++) {
		struct keys k = {0};
		i18n_each_key(langs[l], collect, &k);
		assert_true(k.n >= 20);
		assert_int_equal(k.n, source_entries(langs[l]));
		for (size_t i = 1; i < k.n; i++) /* sorted, and no key twice */
			if (strcmp(k.items[i - 1], k.items[i]) >= 0)
				fail_msg("%s: key %s repeated or out of order", langs[l],
				         k.items[i]);
		keys_free(&k);
	}
}

static void every_key_in_both_catalogs(void **state)
{
	(void)state;
	struct keys zh = {0}, mn = {0};
	i18n_each_key("zh", collect, &zh);
	i18n_each_key("mn", collect, &mn);
	for (size_t i = 0; i < zh.n; i++)
		if (!i18n_has("mn", zh.items[i]))
			fail_msg("key %s is in zh but not in mn", zh.items[i]);
	for (size_t i = 0; i < mn.n; i++)
		if (!i18n_has("zh", mn.items[i]))
			fail_msg("key %s is in mn but not in zh", mn.items[i]);
	assert_int_equal(zh.n, mn.n);
	keys_free(&zh);
	keys_free(&mn);
}

/* True when s holds a code point of the Mongolian block (U+1800..U+18AF). */
static bool has_mongolian(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x1800 && cp <= 0x18AF)
			return true;
		i += len ? len : 1;
	}
	return false;
}

static void every_text_is_present_and_in_its_script(void **state)
{
	(void)state;
	static const char *const langs[] = {"zh", "mn"};
	for (size_t l = 0; l < ARRAY_LEN(langs); l++) {
		struct keys k = {0};
		i18n_each_key(langs[l], collect, &k);
		for (size_t i = 0; i < k.n; i++) {
			const char *text = i18n(langs[l], k.items[i]);
			assert_non_null(text);
			if (strspn(text, " \t\r") == strlen(text))
				fail_msg("%s: %s has an empty text", langs[l], k.items[i]);
			if (!utf8_valid(text, strlen(text)))
				fail_msg("%s: %s is not UTF-8", langs[l], k.items[i]);
			if (strchr(text, '\r'))
				fail_msg("%s: %s ends in CR", langs[l], k.items[i]);
			/* a language's own name is written in that language's script */
			bool want_mn =
			    strcmp(k.items[i], "lang.mn") == 0 ||
			    (strcmp(langs[l], "mn") == 0 && strcmp(k.items[i], "lang.zh") != 0);
			if (has_mongolian(text) != want_mn)
				fail_msg("%s: %s = \"%s\" is in the wrong script", langs[l],
				         k.items[i], text);
		}
		keys_free(&k);
	}
}

static void lookups(void **state)
{
	(void)state;
	assert_true(i18n_has("zh", "lang.zh"));
	assert_string_equal(i18n("zh", "lang.zh"), "中文");
	assert_string_equal(i18n("mn", "lang.zh"), "中文");
	assert_true(has_mongolian(i18n("mn", "lang.mn")));
	/* a missing key answers the key itself */
	assert_false(i18n_has("zh", "no.such.key"));
	assert_false(i18n_has("mn", "no.such.key"));
	assert_string_equal(i18n("mn", "no.such.key"), "no.such.key");
	/* an unknown or absent language reads the zh catalog */
	assert_string_equal(i18n(NULL, "nav.home"), i18n("zh", "nav.home"));
	assert_string_equal(i18n("en", "nav.home"), i18n("zh", "nav.home"));
	assert_string_not_equal(i18n("mn", "nav.home"), i18n("zh", "nav.home"));
}

static void language_tags(void **state)
{
	(void)state;
	static const struct {
		const char *tag;
		const char *want;
	} cases[] = {
	    {"mn", "mn"},    {"mn-Mong", "mn"}, {"MN-mong-CN", "mn"}, {"mn_MN", "mn"},
	    {"zh", "zh"},    {"zh-CN", "zh"},   {"zh-Hans", "zh"},    {"ZH-tw", "zh"},
	    {"zh_CN", "zh"}, {"mnx", NULL},     {"mon", NULL},        {"zho", NULL},
	    {"en", NULL},    {"en-US", NULL},   {"", NULL},           {"m", NULL},
	    {"z", NULL},     {"*", NULL},       {"mn ", NULL},        {"xmn", NULL},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = i18n_lang(cases[i].tag);
		if ((got == NULL) != (cases[i].want == NULL) ||
		    (got && strcmp(got, cases[i].want) != 0))
			fail_msg("i18n_lang(\"%s\") = %s, want %s", cases[i].tag,
			         got ? got : "NULL", cases[i].want ? cases[i].want : "NULL");
	}
	assert_null(i18n_lang(NULL));
}

static void accept_language(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		const char *want;
	} cases[] = {
	    {"", "zh"},
	    {"mn", "mn"},
	    {"zh", "zh"},
	    {"en-US,en;q=0.9", "zh"}, /* nothing we speak: the default */
	    {"*", "zh"},
	    {"en, mn;q=0.5", "mn"},
	    {"mn-Mong-CN,zh;q=0.9", "mn"},
	    {"zh-CN;q=0.8, mn;q=0.9", "mn"},
	    {"zh-CN,zh;q=0.9,mn;q=0.8", "zh"},
	    {"fr;q=1.0, mn-MN;q=0.3", "mn"},
	    {"mn;q=0.5, zh;q=0.5", "mn"}, /* a tie keeps the earlier */
	    {"zh;q=0.5, mn;q=0.5", "zh"},
	    {"mn;q=0.001, en", "mn"},
	    {"zh;q=0.2,mn;level=1;q=0.7", "mn"},
	    {"mn;q=0", "zh"}, /* q=0 means "not acceptable" */
	    {"mn;q=0.0, en", "zh"},
	    {"mn;q=0, zh;q=0", "zh"},
	    {"zh;q=0, mn;q=0.1", "mn"},
	    {"mn ;q=0.9, en", "mn"}, /* optional whitespace before the parameter */
	    {" ,, mn , ", "mn"},
	    {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
	     " mn",
	     "mn"},
	};
	assert_string_equal(i18n_from_accept(NULL), "zh");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = i18n_from_accept(cases[i].header);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("Accept-Language \"%s\" gave %s, want %s", cases[i].header, got,
			         cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(catalogs_are_loaded_whole),
	    cmocka_unit_test(every_key_in_both_catalogs),
	    cmocka_unit_test(every_text_is_present_and_in_its_script),
	    cmocka_unit_test(lookups),
	    cmocka_unit_test(language_tags),
	    cmocka_unit_test(accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
