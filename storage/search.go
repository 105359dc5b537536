package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetMark surrounds each matched word in Hit.Snippet, as in
// "the **tariff** plan".
const SnippetMark = "**"

// SnippetEllipsis marks text left out at either end of Hit.Snippet.
const SnippetEllipsis = "…"

// DefaultSearchLimit is how many hits Search returns when given no limit.
const DefaultSearchLimit = 50

// Hit kinds.
const (
	HitArticle    = "article"
	HitAnnotation = "annotation"
)

// Hit is one search result: an article whose latest title or body matches,
// or an annotation whose marked text or note matches.
type Hit struct {
	Kind         string // HitArticle or HitAnnotation
	ArticleID    int64
	AnnotationID int64 // 0 for article hits
	Story        string
	Outlet       string
	Title        string
	// Snippet is a short extract around the match, matched words wrapped in
	// SnippetMark.
	Snippet string
	// Offset is the code-point offset in the article's latest body to show:
	// the first match in the body for an article hit (0 when only the title
	// matches), the start of the annotation for an annotation hit (0 when
	// the annotation is orphaned).
	Offset int
}

// Search finds articles (latest versions, title and body) and annotations
// (marked text and note) holding every word of query, best matches first.
// Each word is searched for literally: no query syntax reaches SQLite, so no
// input can make the search fail. limit <= 0 means DefaultSearchLimit.
//
// Articles an import left waiting for the full-text index are indexed first
// (IndexPending), so every stored article can be found. When another
// program holds the store's write lock that long, the search goes ahead
// without them: that program is importing them and indexes them itself.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	match := ftsQuery(query)
	if match == "" {
		return nil, nil
	}
	if err := s.indexBeforeSearch(ctx); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	type scored struct {
		Hit
		score float64
	}
	var hits []scored

	// highlight() marks matches in the whole body; the offset of the first
	// match is where it first differs from the body. Ranking comes first
	// (top), so snippets and highlights are made for the hits returned
	// only, not for every article holding a common word.
	rows, err := s.db.QueryContext(ctx, `WITH top AS (
			SELECT rowid AS id, bm25(article_fts, 4.0, 1.0) AS score FROM article_fts
			WHERE article_fts MATCH ?1 ORDER BY score LIMIT ?4)
		SELECT a.id, s.name, o.name, v.title,
		snippet(article_fts, -1, ?2, ?2, ?3, 16),
		highlight(article_fts, 1, char(1), char(2)), v.body,
		top.score AS score
		FROM top CROSS JOIN article_fts f ON f.rowid = top.id
		JOIN articles a ON a.id = f.rowid
		JOIN article_versions v ON v.article_id = a.id AND v.version = a.latest_version
		JOIN stories s ON s.id = a.story_id
		JOIN outlets o ON o.id = a.outlet_id
		WHERE article_fts MATCH ?1 ORDER BY score LIMIT ?4`, match, SnippetMark, SnippetEllipsis, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, mapError(err))
	}
	for rows.Next() {
		h := scored{Hit: Hit{Kind: HitArticle}}
		var marked, body string
		if err := rows.Scan(&h.ArticleID, &h.Story, &h.Outlet, &h.Title, &h.Snippet, &marked, &body, &h.score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		h.Offset = firstDifference(marked, body)
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, mapError(err))
	}

	rows, err = s.db.QueryContext(ctx, `SELECT n.id, n.article_id, s.name, o.name, a.title,
		snippet(annotation_fts, -1, ?2, ?2, ?3, 16),
		CASE WHEN n.anchor = 'orphaned' THEN 0 ELSE n.span_start END,
		bm25(annotation_fts) AS score
		FROM annotation_fts f
		JOIN annotations n ON n.id = f.rowid
		JOIN articles a ON a.id = n.article_id
		JOIN stories s ON s.id = a.story_id
		JOIN outlets o ON o.id = a.outlet_id
		WHERE annotation_fts MATCH ?1 ORDER BY score LIMIT ?4`, match, SnippetMark, SnippetEllipsis, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, mapError(err))
	}
	for rows.Next() {
		h := scored{Hit: Hit{Kind: HitAnnotation}}
		if err := rows.Scan(&h.AnnotationID, &h.ArticleID, &h.Story, &h.Outlet, &h.Title, &h.Snippet, &h.Offset, &h.score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, mapError(err))
	}

	// bm25 scores are lower for better matches.
	slices.SortStableFunc(hits, func(a, b scored) int {
		switch {
		case a.score < b.score:
			return -1
		case a.score > b.score:
			return 1
		}
		return 0
	})
	out := make([]Hit, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.Hit)
	}
	return out, nil
}

// indexBeforeSearch indexes pending articles, if any; see Search.
func (s *Store) indexBeforeSearch(ctx context.Context) error {
	if _, err := s.IndexPending(ctx, nil); err != nil && !errors.Is(err, ErrLocked) {
		return err
	}
	return nil
}

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: each whitespace-separated word becomes a quoted string (a
// phrase of its tokens), words without a letter or digit are dropped, and the
// phrases are ANDed. It returns "" when nothing is left to search for.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.Fields(q) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

// firstDifference is the code-point offset at which marked first differs
// from body, or 0 when they are equal.
func firstDifference(marked, body string) int {
	n := 0
	for i := 0; i < len(marked) && i < len(body); {
		r1, s1 := utf8.DecodeRuneInString(marked[i:])
		r2, _ := utf8.DecodeRuneInString(body[i:])
		if r1 != r2 {
			return n
		}
		i += s1
		n++
	}
	if len(marked) == len(body) {
		return 0
	}
	return n
}
