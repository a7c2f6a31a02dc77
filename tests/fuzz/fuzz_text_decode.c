/* fuzz_text_decode.c: libFuzzer target for Menksoft -> Unicode decoding of arbitrary
 * bytes, and Unicode -> Menksoft encoding of what it decodes to. */
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out, back;
	strbuf_init(&out);
	strbuf_init(&back);
	text_menksoft_decode((const char *)data, size, &out);
	text_menksoft_encode(out.data, out.len, &back);
	strbuf_free(&out);
	strbuf_free(&back);
	return 0;
}
