package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"factdesk/annotate"
)

// W3COutcome says what became of one W3C annotation on import.
type W3COutcome string

// Import outcomes.
const (
	// W3CCreated: the annotation was stored.
	W3CCreated W3COutcome = "created"
	// W3CDuplicate: the article already had an annotation of the same kind
	// on the same span (from an earlier import, or earlier in the file).
	W3CDuplicate W3COutcome = "duplicate"
	// W3CSkipped: no article of the store holds its text; Reason says why.
	W3CSkipped W3COutcome = "skipped"
)

// W3CResult is what became of one annotation of an import.
type W3CResult struct {
	Index        int    // position in the input, from 0
	ID           string // the annotation's W3C id, if it had one
	Outcome      W3COutcome
	ArticleID    int64 // the article it was placed in
	AnnotationID int64 // the annotation created, or the one it duplicates
	// Anchor says how it was placed: anchored at the position its
	// TextPositionSelector gave, moved when its quote was found elsewhere,
	// fuzzy when the article's wording differs a little from its quote.
	Anchor annotate.Anchor
	Reason string // why it was skipped
}

// W3CReport is the outcome of ImportW3C, one result per input annotation.
type W3CReport struct {
	Results    []W3CResult
	Created    int
	Duplicates int
	Skipped    int
}

// ImportW3C stores annotations read with annotate.ParseW3C. Each is placed in
// the first article that holds its text, trying in turn the articles whose
// URL is its target's source (as stored, or as exports write it), those of
// the outlet and title its Factdesk extension names, and the article of a
// urn:factdesk:article: source. In an article, its span is the
// TextPositionSelector's when the body holds the TextQuoteSelector's exact
// text there (or when there is no quote to check); otherwise the quote is
// re-anchored in the body from its exact text and context as for a new
// article version (annotate.Reanchor), and an annotation whose text is not
// found is skipped. An annotation of the same kind on the same span of the
// same article counts as a duplicate and is not stored again, so importing a
// file twice changes nothing. Created and modified times are kept when the
// input has them.
//
// The whole import is one transaction: either every placeable annotation
// is stored or, on an error (a cancelled context, a full disk), none is; a
// crash mid-import leaves the store as it was, and running the import again
// is safe. Annotations that cannot be placed are not errors: they are
// reported with W3CSkipped and a reason.
func (s *Store) ImportW3C(ctx context.Context, anns []annotate.W3CAnnotation) (W3CReport, error) {
	var rep W3CReport
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		rep = W3CReport{Results: make([]W3CResult, 0, len(anns))} // withTx may call again
		im := &w3cImporter{s: s, tx: tx, bodies: map[int64]w3cBody{}}
		for i, a := range anns {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := im.importOne(ctx, a)
			if err != nil {
				return fmt.Errorf("annotation %d: %w", i+1, err)
			}
			res.Index, res.ID = i, a.ID
			switch res.Outcome {
			case W3CCreated:
				rep.Created++
			case W3CDuplicate:
				rep.Duplicates++
			default:
				rep.Skipped++
			}
			rep.Results = append(rep.Results, res)
		}
		if rep.Created == 0 {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return W3CReport{}, fmt.Errorf("import w3c annotations: %w", err)
	}
	return rep, nil
}

// w3cBody is an article's latest text and its version number.
type w3cBody struct {
	text    string
	version int
}

// w3cImporter holds what one import transaction has looked up.
type w3cImporter struct {
	s      *Store
	tx     *sql.Tx
	bodies map[int64]w3cBody  // latest version of each article looked at
	byURL  map[string][]int64 // articles by URL as exports write it; built on first need
}

func (im *w3cImporter) importOne(ctx context.Context, a annotate.W3CAnnotation) (W3CResult, error) {
	cands, err := im.candidates(ctx, a.Target)
	if err != nil {
		return W3CResult{}, err
	}
	if len(cands) == 0 {
		return W3CResult{Outcome: W3CSkipped, Reason: fmt.Sprintf("no article with source %q%s", a.Target.Source, outletTitle(a.Target))}, nil
	}
	for _, id := range cands {
		body, ok := im.bodies[id]
		if !ok {
			if body.text, body.version, err = latestBody(ctx, im.tx, id); err != nil {
				return W3CResult{}, err
			}
			im.bodies[id] = body
		}
		sp, anchor, ok := im.place(body.text, a.Target)
		if !ok {
			continue
		}
		res := W3CResult{ArticleID: id, Anchor: anchor}
		var dup int64
		err := im.tx.QueryRowContext(ctx, `SELECT id FROM annotations
			WHERE article_id = ? AND span_start = ? AND span_end = ? AND kind = ? ORDER BY id LIMIT 1`,
			id, sp.Start, sp.End, string(a.Kind)).Scan(&dup)
		switch {
		case err == nil:
			res.Outcome, res.AnnotationID = W3CDuplicate, dup
			return res, nil
		case !errors.Is(err, sql.ErrNoRows):
			return W3CResult{}, err
		}
		if res.AnnotationID, err = im.insert(ctx, id, body, sp, anchor, a); err != nil {
			return W3CResult{}, err
		}
		res.Outcome = W3CCreated
		return res, nil
	}
	return W3CResult{Outcome: W3CSkipped, Reason: fmt.Sprintf("its text is not in article %s", joinInts(cands))}, nil
}

func outletTitle(t annotate.W3CTarget) string {
	if t.Outlet == "" && t.Title == "" {
		return ""
	}
	return fmt.Sprintf(" or outlet %q and title %q", t.Outlet, t.Title)
}

func joinInts(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// candidates lists the articles a target may point at, best first.
func (im *w3cImporter) candidates(ctx context.Context, t annotate.W3CTarget) ([]int64, error) {
	var out []int64
	add := func(query string, args ...any) error {
		rows, err := im.tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return rows.Err()
	}
	if t.ArticleID == 0 {
		if err := add(`SELECT id FROM articles WHERE url = ? ORDER BY id`, t.Source); err != nil {
			return nil, err
		}
		if err := add(`SELECT DISTINCT article_id FROM article_versions WHERE url = ? ORDER BY article_id`, t.Source); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			if err := im.loadURLs(ctx); err != nil {
				return nil, err
			}
			if u, ok := annotate.SafeURL(t.Source); ok {
				for _, id := range im.byURL[u] {
					if !slices.Contains(out, id) {
						out = append(out, id)
					}
				}
			}
		}
	}
	if t.Outlet != "" && t.Title != "" {
		if err := add(`SELECT a.id FROM articles a JOIN outlets o ON o.id = a.outlet_id
			WHERE o.name = ? AND a.title = ? ORDER BY a.id`, t.Outlet, t.Title); err != nil {
			return nil, err
		}
	}
	if t.ArticleID > 0 {
		if err := add(`SELECT id FROM articles WHERE id = ?`, t.ArticleID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadURLs indexes every article by its URL in the form exports write it,
// for sources that differ from the stored URL only in escaping.
func (im *w3cImporter) loadURLs(ctx context.Context) error {
	if im.byURL != nil {
		return nil
	}
	im.byURL = map[string][]int64{}
	rows, err := im.tx.QueryContext(ctx, `SELECT id, url FROM articles WHERE url <> '' ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var u string
		if err := rows.Scan(&id, &u); err != nil {
			return err
		}
		if safe, ok := annotate.SafeURL(u); ok {
			im.byURL[safe] = append(im.byURL[safe], id)
		}
	}
	return rows.Err()
}

// place finds a target's span in body.
func (im *w3cImporter) place(body string, t annotate.W3CTarget) (annotate.Span, annotate.Anchor, bool) {
	text := annotate.NewText(body)
	if p := t.Position; p != nil && p.Check(text.Len()) == nil && !p.Empty() &&
		(t.Quote == nil || text.Slice(*p) == t.Quote.Exact) {
		return *p, annotate.AnchorAnchored, true
	}
	if t.Quote == nil {
		return annotate.Span{}, "", false
	}
	a := annotate.Annotation{Exact: t.Quote.Exact, Prefix: t.Quote.Prefix, Suffix: t.Quote.Suffix}
	if p := t.Position; p != nil {
		// Where the selector said it was: re-anchoring prefers the nearest
		// of several equally good places.
		a.Start = min(p.Start, text.Len())
		a.End = min(max(p.End, a.Start), text.Len())
	}
	r := im.s.reanchor(body, body, a)
	if r.Anchor == annotate.AnchorOrphaned || r.Span.Check(text.Len()) != nil || r.Empty() {
		return annotate.Span{}, "", false
	}
	anchor := annotate.AnchorMoved
	if r.Anchor == annotate.AnchorFuzzy {
		anchor = annotate.AnchorFuzzy
	}
	return r.Span, anchor, true
}

// insert stores an annotation of sp in an article's latest version.
func (im *w3cImporter) insert(ctx context.Context, articleID int64, body w3cBody, sp annotate.Span,
	anchor annotate.Anchor, w annotate.W3CAnnotation) (int64, error) {
	n, err := newAnnotation(annotate.Annotation{ArticleID: articleID, Span: sp, Kind: w.Kind, Status: w.Status,
		Speaker: w.Speaker, Tags: w.Tags, Note: w.Note}, body.text)
	if err != nil {
		return 0, err
	}
	created, updated := w.Created, w.Modified
	if created.IsZero() {
		created = im.s.nowUTC()
	}
	if updated.IsZero() || updated.Before(created) {
		updated = created
	}
	var id int64
	err = im.tx.QueryRowContext(ctx, `INSERT INTO annotations
		(article_id, article_version, span_start, span_end, exact, prefix, suffix,
		 kind, speaker, status, note, anchor, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.ArticleID, body.version, n.Start, n.End, n.Exact, n.Prefix, n.Suffix,
		string(n.Kind), n.Speaker, string(n.Status), n.Note, string(anchor),
		formatTime(created), formatTime(updated)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	return id, setTags(ctx, im.tx, id, n.Tags)
}
