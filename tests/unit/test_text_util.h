/* test_text_util.h: helpers shared by the text engine's unit tests: reading files under
 * data/mongolian (via TALA_SOURCE_DIR), unescaping the \uXXXX of the Menksoft vectors. */
#ifndef TALA_TEXT_TESTUTIL_H
#define TALA_TEXT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"

/* Returns the malloc'd contents of the repo file `rel` (NUL-terminated), or NULL. */
static inline char *tt_read_file(const char *rel, size_t *len)
{
	const char *root = getenv("TALA_SOURCE_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root ? root : TALA_SOURCE_DIR, rel);
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
	if (len)
		*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* Appends s[0..n) to out with every \uXXXX (4 hex digits) decoded. */
static inline void tt_unescape(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == '\\' && i + 5 < n + 1 && s[i + 1] == 'u') {
			size_t k = i + 2;
			unsigned cp = 0;
			while (k < n && k < i + 6 &&
			       ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'A' && s[k] <= 'F') ||
			        (s[k] >= 'a' && s[k] <= 'f'))) {
				cp = cp * 16 +
				     (unsigned)(s[k] <= '9' ? s[k] - '0' : (s[k] | 32) - 'a' + 10);
				k++;
			}
			char b[4];
			strbuf_append(out, b, utf8_encode(cp, b));
			i = k;
		} else {
			strbuf_putc(out, s[i++]);
		}
	}
}

#endif
