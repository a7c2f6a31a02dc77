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

/* The API's media object {"id","sha256","kind","mime","scope","bytes","filename","url",
 * "uploaded_at"}. */
json_t *media_row_json(struct arena *a, const struct media_row *r);
/* Reads the row of an id into the arena; ERR when there is none. */
int media_by_id(struct store *s, struct arena *a, int64_t id, struct media_row *out);

/* ---- uploads (media_http.c), shared by the library and article attachments ---- */

/* Bit of a kind in an upload's `kinds` mask. */
#define MEDIA_KIND_BIT(k) (1u << (k))
#define MEDIA_KINDS_ANY                                                                            \
	(MEDIA_KIND_BIT(MEDIA_IMAGE) | MEDIA_KIND_BIT(MEDIA_AUDIO) | MEDIA_KIND_BIT(MEDIA_VIDEO) | \
	 MEDIA_KIND_BIT(MEDIA_DOCUMENT))
#define MEDIA_KINDS_ATTACH                                                                         \
	(MEDIA_KIND_BIT(MEDIA_IMAGE) | MEDIA_KIND_BIT(MEDIA_AUDIO) | MEDIA_KIND_BIT(MEDIA_VIDEO))

/* Checks the request's file part "file" — present (400), not empty (400), a type of kinds
 * recognised by its bytes (415), within its kind's size limit (413) — then stores the bytes
 * under their hash and fills *row for scope (id 0 until media_insert). Replies itself and
 * returns ERR on refusal; nothing is stored then. *file_created: the file is new. */
int media_upload_accept(struct req *rq, struct resp *rs, unsigned kinds, const char *scope,
                        struct media_row *row, bool *file_created);
/* After a failed write: removes the file of sha when this request created it and no row
 * names it. */
void media_upload_abandon(struct req *rq, const char *sha, bool file_created);

/* ---- attachments (media_attach.c; table article_media) ---- */

/* The media attached to an article, in display order (rows in the arena). */
int media_article_list(struct store *s, struct arena *a, int64_t article_id, struct media_row **out,
                       size_t *n);

enum media_attach_result { MEDIA_ATTACH_OK, MEDIA_ATTACH_UNKNOWN, MEDIA_ATTACH_DUPLICATE };

/* Write closure: attaches media to an article after its last attachment. With
 * upload (a new upload, m.row filled by media_upload_accept) the media row is inserted
 * first (or found by hash); else m.row.id names an existing media row. ERR with
 * UNKNOWN (no such media or article) or DUPLICATE (attached already). */
struct media_attach {
	int64_t article_id;
	bool upload;
	struct media_new m;
	enum media_attach_result result; /* out */
};
int media_attach(sqlite3 *db, void *ctx);

/* Write closure: detaches media_id from the article; ERR with UNKNOWN when it is not
 * attached. */
struct media_detach {
	int64_t article_id, media_id;
	enum media_attach_result result; /* out */
};
int media_detach(sqlite3 *db, void *ctx);

/* ---- views (media_view.c) ---- */

/* Writes one media file as pages show it: an <img> (alt: its file name), or an <audio> or
 * <video> player with controls; url_prefix ("" or an origin) goes before /media/<sha>. */
void media_view_html(struct strbuf *o, const struct media_row *m, const char *url_prefix);

void media_mount(struct router *r);

#endif
