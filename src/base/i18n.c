/* i18n.c: loads the embedded catalogs once (pthread_once) into sorted arrays. */
#include "base/i18n.h"
#include "base/embedded.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct message {
	char *key;
	char *text;
};

struct catalog {
	const char *lang;
	const char *suffix; /* every embedded i18n/…<suffix> file belongs to this catalog */
	struct message *items;
	size_t n, cap;
};

/* i18n/zh.tsv holds the shared texts; a module may keep its own i18n/<module>.zh.tsv. */
static struct catalog catalogs[] = {{"zh", "zh.tsv", NULL, 0, 0}, {"mn", "mn.tsv", NULL, 0, 0}};
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static int message_cmp(const void *a, const void *b)
{
	return strcmp(((const struct message *)a)->key, ((const struct message *)b)->key);
}

static bool belongs(const struct catalog *c, const char *path)
{
	size_t n = strlen(path), k = strlen(c->suffix);
	if (strncmp(path, "i18n/", 5) != 0 || n < k + 5 || strcmp(path + n - k, c->suffix) != 0)
		return false;
	return n == k + 5 || path[n - k - 1] == '.'; /* "i18n/zh.tsv" or "i18n/x.zh.tsv" */
}

static void catalog_add_file(struct catalog *c, const struct embedded_file *f)
{
	size_t lines = 1;
	for (size_t i = 0; i < f->len; i++)
		lines += f->data[i] == '\n';
	c->items = realloc(c->items, (c->cap + lines) * sizeof *c->items);
	if (!c->items)
		abort();
	c->cap += lines;
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *tab = memchr(p, '\t', (size_t)(eol - p));
		if (tab && *p != '#') {
			c->items[c->n].key = strndup(p, (size_t)(tab - p));
			c->items[c->n].text = strndup(tab + 1, (size_t)(eol - tab - 1));
			if (!c->items[c->n].key || !c->items[c->n].text)
				abort();
			c->n++;
		}
		p = eol + 1;
	}
}

static void load_all(void)
{
	for (size_t i = 0; i < sizeof catalogs / sizeof catalogs[0]; i++) {
		struct catalog *c = &catalogs[i];
		for (const struct embedded_file *f = embedded_files; f->path; f++)
			if (belongs(c, f->path))
				catalog_add_file(c, f);
		qsort(c->items, c->n, sizeof *c->items, message_cmp);
	}
}

static const struct catalog *catalog_for(const char *lang)
{
	pthread_once(&load_once, load_all);
	return lang && strcmp(lang, "mn") == 0 ? &catalogs[1] : &catalogs[0];
}

static const struct message *lookup(const char *lang, const char *key)
{
	const struct catalog *c = catalog_for(lang);
	struct message probe = {(char *)key, NULL};
	return bsearch(&probe, c->items, c->n, sizeof *c->items, message_cmp);
}

const char *i18n(const char *lang, const char *key)
{
	const struct message *m = lookup(lang, key);
	return m ? m->text : key;
}

bool i18n_has(const char *lang, const char *key)
{
	return lookup(lang, key) != NULL;
}

void i18n_each_key(const char *lang, void (*fn)(const char *key, void *ctx), void *ctx)
{
	const struct catalog *c = catalog_for(lang);
	for (size_t i = 0; i < c->n; i++)
		fn(c->items[i].key, ctx);
}

const char *i18n_lang(const char *tag)
{
	if (!tag)
		return NULL;
	if (strncasecmp(tag, "mn", 2) == 0 && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
		return "mn";
	if (strncasecmp(tag, "zh", 2) == 0 && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
		return "zh";
	return NULL;
}

const char *i18n_from_accept(const char *header)
{
	/* Highest q wins; ties keep the earlier entry. */
	const char *best = NULL;
	double best_q = -1;
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[64];
		if (len < sizeof item) {
			memcpy(item, p, len);
			item[len] = '\0';
			double q = 1.0;
			char *semi = strchr(item, ';');
			if (semi) {
				*semi = '\0';
				char *qs = strstr(semi + 1, "q=");
				if (qs)
					q = atof(qs + 2);
			}
			size_t n = strlen(item); /* optional whitespace before ';' or ',' */
			while (n && (item[n - 1] == ' ' || item[n - 1] == '\t'))
				item[--n] = '\0';
			const char *lang = i18n_lang(item);
			if (lang && q > 0 && q > best_q) { /* q=0: "not acceptable" */
				best = lang;
				best_q = q;
			}
		}
		p = end;
	}
	return best ? best : "zh";
}
