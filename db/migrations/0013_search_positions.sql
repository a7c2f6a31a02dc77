-- 0013_search_positions: rebuilds the full-text index for the tokenizer's new layout of
-- Chinese text (src/text/analyzer.c): a Han run now takes one position per character
-- bigram (one for a single character), with friso's words and their pinyin colocated at
-- the bigram where each word starts — before, the words took positions of their own ahead
-- of the bigrams. The positions no longer depend on segmentation, so highlight() and
-- snippet() re-tokenize a hit without friso (FTS5_TOKENIZE_AUX), which made Chinese
-- searches slow. The tokens of the old layout cannot be deleted through the new tokenizer,
-- so the table is dropped and built again from article_texts. The triggers of 0006_search
-- belong to article_texts and name article_search, so they survive and serve the new table.
DROP TABLE article_search;

CREATE VIRTUAL TABLE article_search USING fts5(title, summary, body, tokenize = 'tala');

INSERT INTO article_search(rowid, title, summary, body)
SELECT article_id * 2 + (lang = 'mn'), tala_search_text(title, 0), tala_search_text(summary, 0),
       tala_search_text(body, 1)
FROM article_texts;
