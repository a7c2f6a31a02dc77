/* media_sniff.c: the type of an upload from its first bytes (magic numbers). Only the
 * formats below are accepted; anything else is refused whatever the client claims. */
#include "media/media.h"

#include <string.h>

static bool at(const unsigned char *d, size_t n, size_t off, const char *magic, size_t len)
{
	return n >= off + len && memcmp(d + off, magic, len) == 0;
}

/* An MPEG-1/2/2.5 Layer III frame header (MP3 without an ID3 tag). */
static bool mpeg_audio_frame(const unsigned char *d, size_t n)
{
	if (n < 4 || d[0] != 0xFF || (d[1] & 0xE0) != 0xE0)
		return false;
	unsigned version = (d[1] >> 3) & 3, layer = (d[1] >> 1) & 3;
	unsigned bitrate = d[2] >> 4, rate = (d[2] >> 2) & 3;
	return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3;
}

struct media_type media_sniff(const void *data, size_t n)
{
	const unsigned char *d = data;
	if (at(d, n, 0, "\x89PNG\r\n\x1A\n", 8))
		return (struct media_type){MEDIA_IMAGE, "image/png"};
	if (at(d, n, 0, "\xFF\xD8\xFF", 3))
		return (struct media_type){MEDIA_IMAGE, "image/jpeg"};
	if (at(d, n, 0, "GIF87a", 6) || at(d, n, 0, "GIF89a", 6))
		return (struct media_type){MEDIA_IMAGE, "image/gif"};
	if (at(d, n, 0, "RIFF", 4) && at(d, n, 8, "WEBPVP8", 7))
		return (struct media_type){MEDIA_IMAGE, "image/webp"};
	if (at(d, n, 0, "RIFF", 4) && at(d, n, 8, "WAVEfmt ", 8))
		return (struct media_type){MEDIA_AUDIO, "audio/wav"};
	if (at(d, n, 0, "OggS\0", 5))
		return (struct media_type){MEDIA_AUDIO, "audio/ogg"};
	if ((at(d, n, 0, "ID3", 3) && n >= 10 && d[3] < 5) || mpeg_audio_frame(d, n))
		return (struct media_type){MEDIA_AUDIO, "audio/mpeg"};
	if (at(d, n, 4, "ftyp", 4) && n >= 12) {
		/* M4A/M4B brands are audio; the other ISO/MP4 brands video */
		if (at(d, n, 8, "M4A ", 4) || at(d, n, 8, "M4B ", 4))
			return (struct media_type){MEDIA_AUDIO, "audio/mp4"};
		return (struct media_type){MEDIA_VIDEO, "video/mp4"};
	}
	if (at(d, n, 0, "%PDF-", 5))
		return (struct media_type){MEDIA_DOCUMENT, "application/pdf"};
	return (struct media_type){MEDIA_NONE, NULL};
}

const char *media_kind_name(enum media_kind k)
{
	static const char *const names[] = {NULL, "image", "audio", "video", "document"};
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : NULL;
}

int64_t media_kind_limit(const struct config *cfg, enum media_kind k)
{
	switch (k) {
	case MEDIA_IMAGE:
		return cfg->media_max_image_bytes;
	case MEDIA_AUDIO:
		return cfg->media_max_audio_bytes;
	case MEDIA_VIDEO:
		return cfg->media_max_video_bytes;
	case MEDIA_DOCUMENT:
		return cfg->media_max_document_bytes;
	case MEDIA_NONE:
		break;
	}
	return 0;
}
