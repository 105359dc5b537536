-- 0002_search: full-text search over the latest text of every article and
-- over annotations' marked text and notes, with FTS5. Both indexes are
-- external-content tables (the text is not stored twice) kept in sync by
-- triggers, so every writer, present or future, keeps them right.

-- latest_articles is the latest version of each article, keyed by article id:
-- the content article_fts indexes and reads its snippets from.
CREATE VIEW latest_articles AS
SELECT a.id AS id, v.title AS title, v.body AS body
FROM articles a
JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version;

CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body,
    content = 'latest_articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- A first version is indexed when it is written.
CREATE TRIGGER article_versions_fts_insert AFTER INSERT ON article_versions
WHEN new.version = 1 BEGIN
    INSERT INTO article_fts (rowid, title, body) VALUES (new.article_id, new.title, new.body);
END;

-- A later version replaces the indexed text when it becomes the latest.
CREATE TRIGGER articles_fts_version AFTER UPDATE OF latest_version ON articles
WHEN new.latest_version <> old.latest_version BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, body)
    SELECT 'delete', old.id, v.title, v.body FROM article_versions v
    WHERE v.article_id = old.id AND v.version = old.latest_version;
    INSERT INTO article_fts (rowid, title, body)
    SELECT new.id, v.title, v.body FROM article_versions v
    WHERE v.article_id = new.id AND v.version = new.latest_version;
END;

-- BEFORE: the versions are still there to say what to remove.
CREATE TRIGGER articles_fts_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, body)
    SELECT 'delete', old.id, v.title, v.body FROM article_versions v
    WHERE v.article_id = old.id AND v.version = old.latest_version;
END;

CREATE VIRTUAL TABLE annotation_fts USING fts5 (
    exact, note,
    content = 'annotations', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
    INSERT INTO annotation_fts (rowid, exact, note) VALUES (new.id, new.exact, new.note);
END;

CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
    INSERT INTO annotation_fts (annotation_fts, rowid, exact, note) VALUES ('delete', old.id, old.exact, old.note);
END;

CREATE TRIGGER annotations_fts_update AFTER UPDATE OF exact, note ON annotations BEGIN
    INSERT INTO annotation_fts (annotation_fts, rowid, exact, note) VALUES ('delete', old.id, old.exact, old.note);
    INSERT INTO annotation_fts (rowid, exact, note) VALUES (new.id, new.exact, new.note);
END;

-- Index what a version-1 store already holds.
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
INSERT INTO annotation_fts (annotation_fts) VALUES ('rebuild');
