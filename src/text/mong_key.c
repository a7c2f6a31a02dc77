/* mong_key.c: shape keys. A word's key is the sequence of written units it displays as
 * (the shaper's output), so every encoding that looks the same gets the same key: this is
 * what search indexes for Mongolian. Invisible controls add nothing; a chachlag gap is
 * "_"; a gap before a word that is not chachlag (MVS, NNBSP) ends the key. */
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "text/mong.h"
#include "text/text.h"
#include "text/ucs.h"

int mong_key_each(const uint32_t *cp, size_t n, int (*fn)(void *ctx, const char *key, size_t len),
                  void *ctx)
{
	struct mong_item stack[64], *it = n <= 64 ? stack : malloc(n * sizeof *it);
	if (!it)
		abort();
	for (size_t i = 0; i < n; i++)
		it[i].cp = cp[i];
	mong_shape(it, n);
	struct strbuf key;
	strbuf_init(&key);
	int rc = OK;
	for (size_t i = 0; i <= n && rc == OK; i++) {
		bool end = i == n || (it[i].kind == MK_MVS && it[i].gap_wide);
		if (end) {
			if (key.len)
				rc = fn(ctx, key.data, key.len);
			strbuf_reset(&key);
			continue;
		}
		if (it[i].kind == MK_MVS)
			strbuf_putc(&key, '_');
		else if (it[i].kind == MK_LETTER && it[i].var)
			strbuf_puts(&key, it[i].var->units);
		else if (it[i].kind == MK_LETTER) /* a letter Hudum shaping does not know */
			strbuf_printf(&key, "U%X", it[i].cp);
	}
	strbuf_free(&key);
	if (it != stack)
		free(it);
	return rc;
}

static int key_append(void *ctx, const char *key, size_t len)
{
	struct strbuf *out = ctx;
	if (out->len)
		strbuf_putc(out, ' ');
	strbuf_append(out, key, len);
	return OK;
}

void mong_key_run(const uint32_t *cp, size_t n, struct strbuf *out)
{
	mong_key_each(cp, n, key_append, out);
}

int text_shape_key(const char *s, size_t n, struct strbuf *in_out)
{
	struct strbuf dec;
	strbuf_init(&dec);
	text_menksoft_decode(s, n, &dec);
	struct ucs u;
	ucs_init(&u);
	ucs_from_utf8(&u, dec.data, dec.len);
	struct strbuf out;
	strbuf_init(&out);
	for (size_t i = 0; i < u.len;) {
		if (!mong_is_word_char(u.cp[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < u.len && mong_is_word_char(u.cp[j]))
			j++;
		mong_key_run(u.cp + i, j - i, &out);
		i = j;
	}
	strbuf_append(in_out, out.data, out.len);
	strbuf_free(&out);
	ucs_free(&u);
	strbuf_free(&dec);
	return OK;
}
