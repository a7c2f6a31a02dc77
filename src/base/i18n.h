/* i18n.h: the message catalogs for zh and mn (i18n/zh.tsv, i18n/mn.tsv, embedded at build
 * time; "key<TAB>text" lines). Loaded once, read-only afterwards. Lives in base/ rather
 * than html/ because JSON error messages (http/) need the same catalogs. */
#ifndef TALA_I18N_H
#define TALA_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* Returns "zh" or "mn" for a language tag ("mn", "mn-Mong", "zh-CN", ...), NULL otherwise. */
const char *i18n_lang(const char *tag);
/* Picks the language from an Accept-Language header value; "zh" when nothing matches. */
const char *i18n_from_accept(const char *header);
/* Returns the text for key in lang ("zh"/"mn"); the key itself when it is missing. */
const char *i18n(const char *lang, const char *key);
/* Returns whether the catalog of lang has key. */
bool i18n_has(const char *lang, const char *key);
/* Calls fn for every key of lang's catalog (for completeness tests). */
void i18n_each_key(const char *lang, void (*fn)(const char *key, void *ctx), void *ctx);

#endif
