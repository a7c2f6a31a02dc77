/* fuzz_text_key.c: libFuzzer target for shape keys (and the Latin transliteration); also
 * checks that normalization and the canonical form keep the shape key of their input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf key, norm, key2, latin;
	strbuf_init(&key);
	strbuf_init(&norm);
	strbuf_init(&key2);
	strbuf_init(&latin);
	text_shape_key((const char *)data, size, &key);
	text_normalize((const char *)data, size, &norm);
	text_shape_key(norm.data, norm.len, &key2);
	if (key.len != key2.len || memcmp(key.data, key2.data, key.len) != 0)
		abort();
	strbuf_reset(&norm);
	strbuf_reset(&key2);
	text_canonical((const char *)data, size, &norm);
	text_shape_key(norm.data, norm.len, &key2);
	if (key.len != key2.len || memcmp(key.data, key2.data, key.len) != 0)
		abort();
	text_latin((const char *)data, size, &latin);
	strbuf_free(&key);
	strbuf_free(&norm);
	strbuf_free(&key2);
	strbuf_free(&latin);
	return 0;
}
