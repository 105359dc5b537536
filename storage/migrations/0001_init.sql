-- 0001_init: Factdesk's schema, except full-text search (0002).
--
-- Offsets (span_start, span_end) are Unicode code points into the body of the
-- article version named next to them, end exclusive. Timestamps are UTC text
-- in a fixed-width RFC 3339 form, so text order is time order.

-- meta holds one row: a counter bumped by every write transaction, polled by
-- open windows to notice changes made by other processes.
CREATE TABLE meta (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL DEFAULT 0
);
INSERT INTO meta (id, revision) VALUES (1, 0);

CREATE TABLE stories (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    -- quotes_stale > 0: the story's quote groups are out of date. Each import
    -- adds one; RefreshQuotes sets it back to 0 only if no import came
    -- between its read and its write.
    quotes_stale INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL
);

CREATE TABLE outlets (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

-- articles is one outlet's piece on a story; its text lives in
-- article_versions. url and title are those of the latest version and, with
-- the outlet, identify the article when a changed copy is imported.
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    story_id       INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    outlet_id      INTEGER NOT NULL REFERENCES outlets (id),
    url            TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL DEFAULT '',
    latest_version INTEGER NOT NULL DEFAULT 1 CHECK (latest_version >= 1),
    created_at     TEXT    NOT NULL
);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_url ON articles (url) WHERE url <> '';
CREATE INDEX articles_outlet_title ON articles (outlet_id, title);

-- article_versions keeps every imported text of an article; rows are never
-- changed once written.
CREATE TABLE article_versions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    url         TEXT    NOT NULL DEFAULT '',
    title       TEXT    NOT NULL DEFAULT '',
    byline      TEXT    NOT NULL DEFAULT '',
    published   TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD, or '' when unknown
    body        TEXT    NOT NULL,
    chars       INTEGER NOT NULL,            -- body length in code points
    hash        TEXT    NOT NULL,            -- hex SHA-256 of body
    imported_at TEXT    NOT NULL,
    source      TEXT    NOT NULL DEFAULT '', -- file it was imported from
    UNIQUE (article_id, version)
);
CREATE INDEX article_versions_hash ON article_versions (hash);

-- annotations mark a span of an article. The span indexes version
-- article_version; re-anchoring on import moves it to the newest version,
-- except for orphaned annotations, which keep the version their text was in.
-- AUTOINCREMENT: ids are never reused, so a deleted annotation can be
-- restored under its old id.
CREATE TABLE annotations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    article_version INTEGER NOT NULL,
    span_start      INTEGER NOT NULL CHECK (span_start >= 0),
    span_end        INTEGER NOT NULL CHECK (span_end >= span_start),
    exact           TEXT    NOT NULL DEFAULT '',
    prefix          TEXT    NOT NULL DEFAULT '',
    suffix          TEXT    NOT NULL DEFAULT '',
    kind            TEXT    NOT NULL CHECK (kind IN ('fact', 'quote', 'claim', 'note')),
    speaker         TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'unverified'
                    CHECK (status IN ('unverified', 'confirmed', 'disputed', 'false')),
    note            TEXT    NOT NULL DEFAULT '',
    anchor          TEXT    NOT NULL DEFAULT 'anchored'
                    CHECK (anchor IN ('anchored', 'moved', 'fuzzy', 'orphaned')),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX annotations_article ON annotations (article_id, span_start);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    tag_id        INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_tag ON annotation_tags (tag_id);

-- quotes are the quotations extracted from an article. A row covers the
-- versions first_version..last_version whose text holds the quote; on a new
-- version a quote with unchanged text keeps its row (and id), so quote groups
-- and editor corrections stay attached. The span indexes last_version's body,
-- or its title when in_title is 1.
CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    first_version INTEGER NOT NULL,
    last_version  INTEGER NOT NULL CHECK (last_version >= first_version),
    span_start    INTEGER NOT NULL CHECK (span_start >= 0),
    span_end      INTEGER NOT NULL CHECK (span_end >= span_start),
    text          TEXT    NOT NULL,
    speaker       TEXT    NOT NULL DEFAULT '',
    confidence    REAL    NOT NULL DEFAULT 0,
    kind          TEXT    NOT NULL CHECK (kind IN ('statement', 'term')),
    in_title      INTEGER NOT NULL DEFAULT 0 CHECK (in_title IN (0, 1)),
    utterance     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_article ON quotes (article_id, last_version);

-- quote_groups are the automatic matching of a story's quotes across
-- outlets. RefreshQuotes replaces a story's groups wholesale, so group ids
-- are not stable; nothing else refers to them.
CREATE TABLE quote_groups (
    id        INTEGER PRIMARY KEY,
    story_id  INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,            -- display order within the story
    speaker   TEXT    NOT NULL DEFAULT '',
    canonical TEXT    NOT NULL DEFAULT '',
    conflict  INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1)),
    diffs     TEXT    NOT NULL DEFAULT '[]' -- JSON array of pair diffs
);
CREATE INDEX quote_groups_story ON quote_groups (story_id, position);

CREATE TABLE quote_group_members (
    group_id INTEGER NOT NULL REFERENCES quote_groups (id) ON DELETE CASCADE,
    quote_id INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, quote_id)
) WITHOUT ROWID;
CREATE INDEX quote_group_members_quote ON quote_group_members (quote_id);

-- quote_corrections are an editor's overrides of the automatic matching,
-- applied after every RefreshQuotes. They name stable quote ids, never group
-- ids:
--   pin_canonical  quote_id's text stands for the group it lands in
--   set_speaker    the group holding quote_id is attributed to speaker
--   join           quote_id is moved into the group holding target_quote_id
--   detach         quote_id is kept out of every group
CREATE TABLE quote_corrections (
    id              INTEGER PRIMARY KEY,
    story_id        INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    quote_id        INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    action          TEXT    NOT NULL CHECK (action IN ('pin_canonical', 'set_speaker', 'join', 'detach')),
    target_quote_id INTEGER REFERENCES quotes (id) ON DELETE CASCADE,
    speaker         TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    CHECK ((action = 'join') = (target_quote_id IS NOT NULL)),
    UNIQUE (quote_id, action)
);
CREATE INDEX quote_corrections_story ON quote_corrections (story_id);

-- facts are the editor's own statements about a story; fact_links tie them to
-- the annotations that support (contradicts = 0) or contradict them.
CREATE TABLE facts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL CHECK (text <> ''),
    status     TEXT    NOT NULL DEFAULT 'unverified'
               CHECK (status IN ('unverified', 'confirmed', 'disputed', 'false')),
    note       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX facts_story ON facts (story_id);

CREATE TABLE fact_links (
    fact_id       INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    contradicts   INTEGER NOT NULL DEFAULT 0 CHECK (contradicts IN (0, 1)),
    PRIMARY KEY (fact_id, annotation_id)
) WITHOUT ROWID;
CREATE INDEX fact_links_annotation ON fact_links (annotation_id);
