/* test_media_sniff.c: the type of an upload comes from its leading bytes only: each accepted
 * format by its magic number, look-alikes and everything else refused; the hash and path
 * helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "media/media.h"

#include <string.h>

static void expect(const char *bytes, size_t n, enum media_kind kind, const char *mime)
{
	struct media_type t = media_sniff(bytes, n);
	assert_int_equal(t.kind, kind);
	if (mime)
		assert_string_equal(t.mime, mime);
	else
		assert_null(t.mime);
}

#define EXPECT(lit, kind, mime) expect(lit, sizeof lit - 1, kind, mime)

static void test_accepted(void **state)
{
	EXPECT("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", MEDIA_IMAGE, "image/png");
	EXPECT("\xFF\xD8\xFF\xE0\0\x10JFIF", MEDIA_IMAGE, "image/jpeg");
	EXPECT("GIF87a\x01\0", MEDIA_IMAGE, "image/gif");
	EXPECT("GIF89a\x01\0", MEDIA_IMAGE, "image/gif");
	EXPECT("RIFF\x24\0\0\0WEBPVP8 ", MEDIA_IMAGE, "image/webp");
	EXPECT("RIFF\x24\0\0\0WEBPVP8L", MEDIA_IMAGE, "image/webp");
	EXPECT("RIFF\x24\0\0\0WAVEfmt \x10\0", MEDIA_AUDIO, "audio/wav");
	EXPECT("OggS\0\x02\0\0", MEDIA_AUDIO, "audio/ogg");
	EXPECT("ID3\x04\0\0\0\0\0\0", MEDIA_AUDIO, "audio/mpeg");
	EXPECT("\xFF\xFB\x90\x64", MEDIA_AUDIO, "audio/mpeg"); /* MPEG-1 Layer III, 128 kbit/s */
	EXPECT("\0\0\0\x20"
	       "ftypM4A \0\0\0\0",
	       MEDIA_AUDIO, "audio/mp4");
	EXPECT("\0\0\0\x18"
	       "ftypisom\0\0\x02\0",
	       MEDIA_VIDEO, "video/mp4");
	EXPECT("\0\0\0\x18"
	       "ftypmp42\0\0\0\0",
	       MEDIA_VIDEO, "video/mp4");
	EXPECT("%PDF-1.7\n", MEDIA_DOCUMENT, "application/pdf");
}

static void test_refused(void **state)
{
	EXPECT("", MEDIA_NONE, NULL);
	EXPECT("<html><script>alert(1)</script>", MEDIA_NONE, NULL);
	EXPECT("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", MEDIA_NONE, NULL);
	EXPECT("\x89PNG\r\n", MEDIA_NONE, NULL);            /* truncated signature */
	EXPECT("RIFF\x24\0\0\0AVI LIST", MEDIA_NONE, NULL); /* RIFF but not WebP or WAV */
	EXPECT("ID3", MEDIA_NONE, NULL);                    /* too short for a tag header */
	EXPECT("\xFF\xFF\xFF\xFF", MEDIA_NONE, NULL);       /* bad MPEG frame fields */
	EXPECT("\xFF\xF1\x50\x80", MEDIA_NONE, NULL);       /* AAC ADTS: not accepted */
	EXPECT("PK\x03\x04", MEDIA_NONE, NULL);             /* zip / docx */
	EXPECT("MZ\x90\0", MEDIA_NONE, NULL);               /* a Windows program */
	EXPECT("\x7F"
	       "ELF\x02\x01",
	       MEDIA_NONE, NULL);
	EXPECT(" %PDF-1.4", MEDIA_NONE, NULL); /* the magic must come first */
}

static void test_helpers(void **state)
{
	char hex[65];
	media_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(media_sha_valid(hex));
	assert_false(
	    media_sha_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
	assert_false(media_sha_valid("../../tala.db"));
	assert_false(media_sha_valid(NULL));
	char path[256];
	media_path("/var/tala", hex, path, sizeof path);
	assert_string_equal(path,
	                    "/var/tala/media/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb"
	                    "410ff61f20015ad");
	assert_string_equal(media_kind_name(MEDIA_DOCUMENT), "document");
	assert_null(media_kind_name(MEDIA_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepted),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
