/* media.h: uploaded media — images, audio, video and documents attached to articles. The
 * type is decided by the bytes (magic numbers), never by the client's Content-Type or file
 * name; files are content-addressed (<data_dir>/media/<aa>/<sha256>, written to a temporary
 * file, fsynced and renamed), so the same bytes are stored once and have one id. Routes:
 * POST /api/v1/media (multipart, field "file"), GET /api/v1/media, GET /media/:sha256. */
#ifndef TALA_MEDIA_H
#define TALA_MEDIA_H

#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEDIA_PERM     "content.edit"
#define MEDIA_PAGE_MAX 200

/* ---- sniffing (media_sniff.c) ---- */

enum media_kind { MEDIA_NONE, MEDIA_IMAGE, MEDIA_AUDIO, MEDIA_VIDEO, MEDIA_DOCUMENT };

struct media_type {
	enum media_kind kind;
	const char *mime; /* static string, e.g. "image/png" */
};

/* Decides the type of data[0..n) from its leading bytes: PNG, JPEG, GIF, WebP, MP3 (ID3 or
 * an MPEG audio frame), MP4/M4A (ISO base media "ftyp"), OGG, WAV, PDF. kind is MEDIA_NONE
 * when the bytes are none of these. */
struct media_type media_sniff(const void *data, size_t n);
/* "image", "audio", "video", "document" (NULL for MEDIA_NONE). */
const char *media_kind_name(enum media_kind k);
/* The configured size limit for a kind, in bytes. */
int64_t media_kind_limit(const struct config *cfg, enum media_kind k);

/* ---- files (media_file.c) ---- */

/* Whether s is 64 lowercase hexadecimal digits. */
bool media_sha_valid(const char *s);
/* The SHA-256 of data[0..n) as 64 lowercase hex digits into hex[65]. */
void media_sha256_hex(const void *data, size_t n, char hex[65]);
/* The path of a stored file into out: <data_dir>/media/<aa>/<sha>. */
void media_path(const char *data_dir, const char *sha, char *out, size_t cap);
/* Stores data[0..n) under its hash: temporary file in the target directory, fsync, rename,
 * fsync of the directory. *created is true when the file was not there before. Returns OK,
 * or ERR (logged) with nothing left behind. */
int media_file_store(const char *data_dir, const char *sha, const void *data, size_t n,
                     bool *created);

/* ---- rows (media_db.c) ---- */

struct media_row {
	int64_t id;
	const char *scope, *sha256, *kind, *mime, *filename;
	int64_t bytes, uploaded_by, uploaded_at;
};

/* Write closure (ctx is a struct media_new *): inserts the row unless the hash is known;
 * either way sets id (and created when the row is new). */
struct media_new {
	struct media_row row;
	bool created; /* out */
};
int media_insert(sqlite3 *db, void *ctx);
/* Reads the row of a hash into the arena; ERR when there is none. */
int media_by_sha(struct store *s, struct arena *a, const char *sha, struct media_row *out);

struct media_filter {
	const char *const *scopes; /* rows whose scope lies within one of these */
	size_t nscopes;
	int64_t after_id; /* cursor: ids above it */
	int limit;        /* 1..MEDIA_PAGE_MAX */
};
/* Reads one page (by id) into out (arena); *total gets the number of rows matching. */
int media_list(struct store *s, struct arena *a, const struct media_filter *f,
               struct media_row **out, size_t *n, int64_t *total);

void media_mount(struct router *r);

#endif
