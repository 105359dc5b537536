-- 0003_match_watermark: what the last quote match of each story saw, so that
-- importing one more article re-matches only the quotes it touches.
-- matched_quote_id is the highest quote id the match read (0: never matched);
-- matched_quotes how many statements of latest versions it read. A refresh
-- may match incrementally when every statement with a higher id belongs to a
-- new article and the statements up to matched_quote_id still number
-- matched_quotes (none was dropped by a new version of its article).
ALTER TABLE stories ADD COLUMN matched_quote_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN matched_quotes   INTEGER NOT NULL DEFAULT 0;
