-- 0005_media: uploaded media (images, audio, video, documents) and their attachment to
-- articles. Owned by src/media (media_db.c); nothing else reads these tables.
--
-- The bytes live outside the database, content-addressed: <data_dir>/media/<aa>/<sha256>
-- (aa = the first two hex digits). The same bytes uploaded twice are one row and one file:
-- sha256 is UNIQUE and the second upload answers the first one's id (its scope stays the
-- first uploader's).

CREATE TABLE media (
	id          INTEGER PRIMARY KEY,
	scope       TEXT NOT NULL,           -- region code or 'site:<id>' it was uploaded for
	sha256      TEXT NOT NULL UNIQUE     -- 64 lowercase hex digits of the bytes
	            CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
	kind        TEXT NOT NULL CHECK (kind IN ('image', 'audio', 'video', 'document')),
	mime        TEXT NOT NULL,           -- sniffed from the bytes, never the client's
	bytes       INTEGER NOT NULL CHECK (bytes > 0),
	filename    TEXT NOT NULL DEFAULT '', -- the client's file name, for display only
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL         -- ms since the Unix epoch
);
CREATE INDEX media_scope ON media(scope, id);

-- Attachments: which media an article carries. articles comes from 0004_content; SQLite
-- checks foreign keys when rows are written, so the order of the migrations is fine.
CREATE TABLE article_media (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	media_id   INTEGER NOT NULL REFERENCES media(id),
	position   INTEGER NOT NULL DEFAULT 0, -- order of display
	PRIMARY KEY (article_id, media_id)
) WITHOUT ROWID;
CREATE INDEX article_media_media ON article_media(media_id);
