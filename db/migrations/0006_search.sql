-- 0006_search: the full-text index of articles (src/search). One FTS5 row per article_texts
-- row, rowid = article_id * 2 + (lang = 'mn'), holding the title, the summary and the body's
-- plain text (tala_search_text strips the sanitized HTML and decodes character references).
--
-- Why an FTS5 table with its own content rather than external content over article_texts:
-- the indexed body is not the stored body (HTML), and snippet()/highlight() must read the
-- very text that was tokenized; it also lets the triggers delete by rowid without the old
-- values, so an INSERT OR REPLACE or a changed rowid cannot leave stale index entries. The
-- cost is a second copy of the plain text (about the size of the bodies without markup).
--
-- tokenize = 'tala' and tala_search_text() are registered on every store connection by
-- search_conn_init (app.c): Mongolian words are indexed by shape key with their Latin
-- transliteration, Chinese by words, pinyin and character bigrams (docs/text.md).
CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, tokenize = 'tala');

CREATE TRIGGER article_texts_search_insert AFTER INSERT ON article_texts BEGIN
	DELETE FROM article_search WHERE rowid = new.article_id * 2 + (new.lang = 'mn');
	INSERT INTO article_search(rowid, title, summary, body)
	VALUES (new.article_id * 2 + (new.lang = 'mn'), tala_search_text(new.title, 0),
	        tala_search_text(new.summary, 0), tala_search_text(new.body, 1));
END;

CREATE TRIGGER article_texts_search_update
AFTER UPDATE OF article_id, lang, title, summary, body ON article_texts BEGIN
	DELETE FROM article_search WHERE rowid = old.article_id * 2 + (old.lang = 'mn');
	DELETE FROM article_search WHERE rowid = new.article_id * 2 + (new.lang = 'mn');
	INSERT INTO article_search(rowid, title, summary, body)
	VALUES (new.article_id * 2 + (new.lang = 'mn'), tala_search_text(new.title, 0),
	        tala_search_text(new.summary, 0), tala_search_text(new.body, 1));
END;

CREATE TRIGGER article_texts_search_delete AFTER DELETE ON article_texts BEGIN
	DELETE FROM article_search WHERE rowid = old.article_id * 2 + (old.lang = 'mn');
END;

INSERT INTO article_search(rowid, title, summary, body)
SELECT article_id * 2 + (lang = 'mn'), tala_search_text(title, 0), tala_search_text(summary, 0),
       tala_search_text(body, 1)
FROM article_texts;
