-- 0004_deferred_search_index: articles enter the full-text index in batches,
-- not one by one as they are imported.
--
-- Indexing an article inside its own import transaction made FTS5 write a new
-- index segment (and merge segments) at every commit: a third of the time of
-- a large import. Now an import only stores the article; article_fts is
-- brought up to date by Store.IndexPending, which indexes every pending
-- article in a few large transactions. Import calls it every few hundred
-- files and at the end, and Search calls it before searching, so a search
-- never misses a stored article.
--
-- indexed_version is the version whose title and body article_fts holds for
-- the article (0: not indexed). An article is pending when it differs from
-- latest_version; the partial index finds the pending ones without a scan.
ALTER TABLE articles ADD COLUMN indexed_version INTEGER NOT NULL DEFAULT 0;

-- Every article of an existing store was indexed by the old triggers.
UPDATE articles SET indexed_version = latest_version;

CREATE INDEX articles_unindexed ON articles (id) WHERE indexed_version <> latest_version;

DROP TRIGGER article_versions_fts_insert;
DROP TRIGGER articles_fts_version;

-- An article leaves the index with the text the index holds for it.
DROP TRIGGER articles_fts_delete;
CREATE TRIGGER articles_fts_delete BEFORE DELETE ON articles
WHEN old.indexed_version > 0 BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, body)
    SELECT 'delete', old.id, v.title, v.body FROM article_versions v
    WHERE v.article_id = old.id AND v.version = old.indexed_version;
END;
