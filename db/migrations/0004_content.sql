-- 0004_content: the portal sites, columns (sections), bilingual articles, their tags,
-- revisions and placements (syndication). Owned by src/content/content_db.c; other modules
-- read it through content.h (search may add triggers on article_texts in its own migration).
-- Times are milliseconds since the Unix epoch (INTEGER).

-- One portal per row: the region portal (created by `tala init`), 12 league, 96 county,
-- 30 society and 4 institution sites (created by `tala demo`). A site is served under
-- /s/<slug>/ and, when host is set, at that host name. parent_id is the site above it:
-- leagues under the region site, counties under their league, societies and institutions
-- under the region site. Permission scope: region_code, or "site:<id>" when it is NULL.
CREATE TABLE sites (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 40),
	host        TEXT UNIQUE,
	kind        TEXT NOT NULL CHECK (kind IN ('region', 'league', 'county', 'society', 'institution')),
	region_code TEXT REFERENCES regions(code),
	parent_id   INTEGER REFERENCES sites(id),
	name_zh     TEXT NOT NULL,
	name_mn     TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sites_parent ON sites(parent_id, id);
CREATE INDEX sites_kind ON sites(kind, id);
CREATE INDEX sites_region ON sites(region_code);

-- Columns (sections) are global; each site shows the ones in site_columns. tv = one of
-- the six smart-TV columns of the association's platform.
CREATE TABLE columns (
	id      INTEGER PRIMARY KEY,
	slug    TEXT NOT NULL UNIQUE,
	name_zh TEXT NOT NULL,
	name_mn TEXT NOT NULL,
	sort    INTEGER NOT NULL DEFAULT 0,
	tv      INTEGER NOT NULL DEFAULT 0 CHECK (tv IN (0, 1))
);
INSERT INTO columns (id, slug, name_zh, name_mn, sort, tv) VALUES
	(1, 'agriculture', '农业科技', 'ᠭᠠᠵᠠᠷ ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠤᠨ ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ', 10, 1),
	(2, 'husbandry', '畜牧养殖', 'ᠮᠠᠯ ᠠᠵᠤ ᠠᠬᠤᠢ', 20, 1),
	(3, 'health', '健康生活', 'ᠡᠷᠡᠭᠦᠯ ᠠᠮᠢᠳᠤᠷᠠᠯ', 30, 1),
	(4, 'frontier', '前沿科技', 'ᠳᠡᠪᠰᠢᠯᠲᠡ ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ', 40, 1),
	(5, 'scifi', '科幻影视', 'ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠦᠯᠢᠭᠡᠷ ᠺᠢᠨᠣ', 50, 1),
	(6, 'brain', '头脑挑战', 'ᠣᠶᠤᠨ ᠰᠣᠷᠢᠯᠲᠠ', 60, 1),
	(7, 'news', '科协动态', 'ᠰᠢᠨᠡ ᠮᠡᠳᠡᠭᠡ', 70, 0),
	(8, 'notices', '通知公告', 'ᠮᠡᠳᠡᠭᠳᠡᠯ', 80, 0),
	(9, 'emergency', '应急科普', 'ᠶᠠᠷᠠᠯᠲᠠᠢ ᠪᠠᠶᠢᠳᠠᠯ ᠤᠨ ᠡᠷᠳᠡᠮ ᠤᠬᠠᠭᠠᠨ', 90, 0);

CREATE TABLE site_columns (
	site_id   INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
	column_id INTEGER NOT NULL REFERENCES columns(id),
	sort      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (site_id, column_id)
) WITHOUT ROWID;

-- An article belongs to its home site; placements put it on others (and on its home).
-- status: draft -> review -> published -> archived (review -> draft sends it back).
-- publish_at: a reviewer's approval for later (status stays review until the sweep);
-- unpublish_at: the sweep archives a published article then.
CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	site_id      INTEGER NOT NULL REFERENCES sites(id),
	column_id    INTEGER NOT NULL REFERENCES columns(id),
	status       TEXT NOT NULL DEFAULT 'draft'
	             CHECK (status IN ('draft', 'review', 'published', 'archived')),
	publish_at   INTEGER,
	unpublish_at INTEGER,
	published_at INTEGER,
	cover_id     INTEGER,                  -- media id (media module), or NULL
	created_by   INTEGER REFERENCES users(id),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_status ON articles(status, published_at);
CREATE INDEX articles_site ON articles(site_id, status, updated_at);
CREATE INDEX articles_column ON articles(column_id, status, published_at);
CREATE INDEX articles_publish_at ON articles(publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX articles_unpublish_at ON articles(unpublish_at) WHERE unpublish_at IS NOT NULL;

-- The language versions of an article (one or both). body is the sanitized HTML subset.
CREATE TABLE article_texts (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang       TEXT NOT NULL CHECK (lang IN ('zh', 'mn')),
	title      TEXT NOT NULL,
	summary    TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	author     TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (article_id, lang)
);

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag        TEXT NOT NULL,
	PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag, article_id);

-- Every save: the article as saved (both languages, column, tags) as JSON.
CREATE TABLE revisions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	user_id    INTEGER REFERENCES users(id),
	at         INTEGER NOT NULL,
	snapshot   TEXT NOT NULL,
	UNIQUE (article_id, version)
);

-- Where an article is shown: its home site (origin home), sites it was pushed to from a
-- site above (push), sites that pulled it from a site above (pull). hidden = taken down
-- locally by that site.
CREATE TABLE placements (
	site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	origin     TEXT NOT NULL CHECK (origin IN ('home', 'push', 'pull')),
	hidden     INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
	placed_by  INTEGER REFERENCES users(id),
	placed_at  INTEGER NOT NULL,
	PRIMARY KEY (site_id, article_id)
) WITHOUT ROWID;
CREATE INDEX placements_article ON placements(article_id, site_id);
