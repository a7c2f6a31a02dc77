/* fold.c: text_fold, the comparison form of short texts (fill-in answers of quizzes):
 * Mongolian words as shape keys, the rest NFKC case-folded with traditional Han as
 * simplified, white space collapsed. Owns nothing but this function. */
#include <unicode/uchar.h>

#include "base/common.h"
#include "text/mong.h"
#include "text/text.h"
#include "text/ucs.h"
#include "text/zh.h"

/* Appends cp to out, a run of white space as one space (none at the start). */
static void put_folded(struct strbuf *out, uint32_t cp)
{
	if (cp < 0x80 ? ucs_is_space((unsigned char)cp) : u_isUWhiteSpace((UChar32)cp)) {
		if (out->len && out->data[out->len - 1] != ' ')
			strbuf_putc(out, ' ');
		return;
	}
	ucs_put(out, zh_fold(cp));
}

int text_fold(const char *s, size_t n, struct strbuf *out)
{
	struct strbuf dec, run, cf, res;
	strbuf_init(&dec);
	strbuf_init(&run);
	strbuf_init(&cf);
	strbuf_init(&res);
	text_menksoft_decode(s, n, &dec);
	struct ucs u, f;
	ucs_init(&u);
	ucs_init(&f);
	ucs_from_utf8(&u, dec.data, dec.len);
	for (size_t i = 0; i < u.len;) {
		size_t j = i;
		bool mong = mong_is_word_char(u.cp[i]);
		while (j < u.len && mong_is_word_char(u.cp[j]) == mong)
			j++;
		if (mong) { /* its words' shape keys, space-separated */
			if (res.len && res.data[res.len - 1] != ' ')
				strbuf_putc(&res, ' ');
			mong_key_run(u.cp + i, j - i, &res);
			if (res.len && res.data[res.len - 1] != ' ')
				strbuf_putc(&res, ' ');
		} else { /* NFKC case fold, then Han folded and spaces collapsed per character */
			strbuf_reset(&run);
			ucs_to_utf8(u.cp + i, j - i, &run);
			strbuf_reset(&cf);
			ucs_casefold(run.data, run.len, &cf);
			f.len = 0;
			ucs_from_utf8(&f, cf.data, cf.len);
			for (size_t k = 0; k < f.len; k++)
				put_folded(&res, f.cp[k]);
		}
		i = j;
	}
	while (res.len && res.data[res.len - 1] == ' ')
		res.len--;
	strbuf_append(out, res.data, res.len);
	ucs_free(&u);
	ucs_free(&f);
	strbuf_free(&dec);
	strbuf_free(&run);
	strbuf_free(&cf);
	strbuf_free(&res);
	return OK;
}
