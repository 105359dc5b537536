package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"factdesk/annotate"
)

// Default names for documents that do not say their story or outlet.
const (
	DefaultStory  = "Unsorted"
	DefaultOutlet = "Unknown"
)

// ImportOutcome says what importing a document did.
type ImportOutcome string

// Import outcomes.
const (
	// OutcomeCreated: a new article was stored.
	OutcomeCreated ImportOutcome = "created"
	// OutcomeNewVersion: the document is a changed copy of a stored article
	// (same URL, or same outlet and title) and became its newest version.
	OutcomeNewVersion ImportOutcome = "new_version"
	// OutcomeDuplicate: a version with the same content is already stored;
	// nothing was written.
	OutcomeDuplicate ImportOutcome = "duplicate"
)

// ImportResult is what ImportDocument did with a document. For a duplicate,
// ArticleID, StoryID and Version name the stored copy.
type ImportResult struct {
	ArticleID int64
	StoryID   int64
	Version   int
	Outcome   ImportOutcome
}

// ImportDocument stores doc in one transaction: as a new article, as a new
// version of the article with the same URL (or outlet and title), or not at
// all when a version with the same content exists. A new version keeps the
// old ones, stays in its article's story whatever doc.Story says, and
// re-anchors every annotation of the article to the new text.
// The article's quotes are extracted and stored, and the story's quote
// groups are marked stale for RefreshQuotes. The article waits for the
// full-text index until IndexPending (or Search) runs.
//
// It is ImportPrepared(ctx, s.Prepare(doc)).
func (s *Store) ImportDocument(ctx context.Context, doc annotate.Document) (ImportResult, error) {
	return s.ImportPrepared(ctx, s.Prepare(doc))
}

// Prepared is a document readied for import by Prepare: checked, hashed and
// its quotes extracted. Preparing needs no store, so an importer can prepare
// the next files on other cores while the store writes this one.
type Prepared struct {
	// Doc is the document as given to Prepare.
	Doc    annotate.Document
	hash   string
	quotes []annotate.Quote
	err    error
}

// Prepare does the part of importing doc that needs no store: it checks the
// text, hashes the body and extracts the quotes of the title and body. A
// document that cannot be imported carries its error to ImportPrepared.
// Prepare is safe for concurrent use.
func (s *Store) Prepare(doc annotate.Document) Prepared {
	p := Prepared{Doc: doc}
	switch {
	case doc.Body == "":
		p.err = fmt.Errorf("import %s: empty body", docName(doc))
	case !utf8.ValidString(doc.Body) || !utf8.ValidString(doc.Title):
		p.err = fmt.Errorf("import %s: text is not valid UTF-8", docName(doc))
	default:
		p.hash = annotate.ContentHash(doc.Body)
		p.quotes = validQuotes(s.extract(doc.Title, doc.Body), doc.Title, doc.Body)
	}
	return p
}

// ImportPrepared stores a prepared document in one transaction, as
// ImportDocument describes.
func (s *Store) ImportPrepared(ctx context.Context, p Prepared) (ImportResult, error) {
	if p.err != nil {
		return ImportResult{}, p.err
	}
	if p.hash == "" {
		return ImportResult{}, fmt.Errorf("import %s: document was not prepared", docName(p.Doc))
	}
	var res ImportResult
	err := s.withTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		res, err = s.importDoc(ctx, tx, p)
		if err == nil && res.Outcome == OutcomeDuplicate {
			return errNoChange
		}
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s: %w", docName(p.Doc), err)
	}
	return res, nil
}

func docName(doc annotate.Document) string {
	switch {
	case doc.Source != "":
		return doc.Source
	case doc.Title != "":
		return fmt.Sprintf("%q", doc.Title)
	}
	return "document"
}

// importer runs the statements of one import transaction, each prepared
// once per Store (see txStmt).
type importer struct {
	s  *Store
	tx *sql.Tx
}

func (s *Store) importDoc(ctx context.Context, tx *sql.Tx, p Prepared) (ImportResult, error) {
	im := importer{s: s, tx: tx}
	doc, hash := p.Doc, p.hash

	var res ImportResult
	err := im.queryRow(ctx, `SELECT a.id, a.story_id, v.version FROM article_versions v
		JOIN articles a ON a.id = v.article_id WHERE v.hash = ? LIMIT 1`, hash).
		Scan(&res.ArticleID, &res.StoryID, &res.Version)
	switch {
	case err == nil:
		res.Outcome = OutcomeDuplicate
		return res, nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, fmt.Errorf("look up content hash: %w", err)
	}

	outletID, err := im.getOrCreate(ctx, "outlets", orDefault(doc.Outlet, DefaultOutlet), "")
	if err != nil {
		return res, fmt.Errorf("outlet: %w", err)
	}
	now := formatTime(s.now())

	prev, err := im.findArticle(ctx, doc, outletID)
	if err != nil {
		return res, err
	}
	if prev.id == 0 {
		res.Outcome = OutcomeCreated
		res.Version = 1
		res.StoryID, err = im.getOrCreate(ctx, "stories", orDefault(doc.Story, DefaultStory), now)
		if err != nil {
			return res, fmt.Errorf("story: %w", err)
		}
		err = im.queryRow(ctx, `INSERT INTO articles (story_id, outlet_id, url, title, latest_version, created_at)
			VALUES (?, ?, ?, ?, 1, ?) RETURNING id`, res.StoryID, outletID, doc.URL, doc.Title, now).Scan(&res.ArticleID)
		if err != nil {
			return res, fmt.Errorf("insert article: %w", err)
		}
	} else {
		res.Outcome = OutcomeNewVersion
		res.ArticleID, res.StoryID, res.Version = prev.id, prev.storyID, prev.version+1
	}
	if err := s.step("article"); err != nil {
		return res, err
	}

	published := ""
	if !doc.Published.IsZero() {
		published = doc.Published.UTC().Format(annotate.DateLayout)
	}
	_, err = im.exec(ctx, `INSERT INTO article_versions
		(article_id, version, url, title, byline, published, body, chars, hash, imported_at, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.ArticleID, res.Version, doc.URL, doc.Title, doc.Byline, published,
		doc.Body, utf8.RuneCountInString(doc.Body), hash, now, doc.Source)
	if err != nil {
		return res, fmt.Errorf("insert version: %w", err)
	}
	if res.Outcome == OutcomeNewVersion {
		// The trigger on latest_version moves the search index to the new text.
		_, err = im.exec(ctx, `UPDATE articles SET latest_version = ?, title = ?,
			url = CASE WHEN ? <> '' THEN ? ELSE url END WHERE id = ?`,
			res.Version, doc.Title, doc.URL, doc.URL, res.ArticleID)
		if err != nil {
			return res, fmt.Errorf("update article: %w", err)
		}
		if err := im.reanchor(ctx, res.ArticleID, doc.Body, res.Version); err != nil {
			return res, fmt.Errorf("re-anchor annotations: %w", err)
		}
	}
	if err := s.step("version"); err != nil {
		return res, err
	}

	if err := im.storeQuotes(ctx, res.ArticleID, prev.version, res.Version, p.quotes); err != nil {
		return res, fmt.Errorf("store quotes: %w", err)
	}
	if _, err := im.exec(ctx, `UPDATE stories SET quotes_stale = quotes_stale + 1 WHERE id = ?`, res.StoryID); err != nil {
		return res, fmt.Errorf("mark quotes stale: %w", err)
	}
	if err := s.step("quotes"); err != nil {
		return res, err
	}
	return res, nil
}

func orDefault(s, def string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return def
}

func (im importer) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	return im.s.txStmt(ctx, im.tx, query)
}

func (im importer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.ExecContext(ctx, args...)
}

// queryRow runs a prepared single-row query. A failure to prepare surfaces
// from Scan, as with (*sql.DB).QueryRow.
func (im importer) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return stmtRow{st.QueryRowContext(ctx, args...), st}
}

type rowScanner interface{ Scan(dest ...any) error }

// stmtRow closes its statement once the row is read.
type stmtRow struct {
	row *sql.Row
	st  *sql.Stmt
}

func (r stmtRow) Scan(dest ...any) error {
	defer r.st.Close()
	return r.row.Scan(dest...)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// getOrCreate returns the id of the story or outlet called name, creating it.
// createdAt is set for tables that have the column (stories).
func (im importer) getOrCreate(ctx context.Context, table, name, createdAt string) (int64, error) {
	var id int64
	err := im.queryRow(ctx, `SELECT id FROM `+table+` WHERE name = ?`, name).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	if createdAt != "" {
		err = im.queryRow(ctx, `INSERT INTO `+table+` (name, created_at) VALUES (?, ?) RETURNING id`, name, createdAt).Scan(&id)
	} else {
		err = im.queryRow(ctx, `INSERT INTO `+table+` (name) VALUES (?) RETURNING id`, name).Scan(&id)
	}
	return id, err
}

// storedArticle is the article a document is a new version of.
type storedArticle struct {
	id, storyID int64
	version     int
}

// findArticle finds the article doc is a new version of: same URL, else same
// outlet and title. It returns the zero value when there is none.
func (im importer) findArticle(ctx context.Context, doc annotate.Document, outletID int64) (storedArticle, error) {
	var a storedArticle
	if doc.URL != "" {
		err := im.queryRow(ctx, `SELECT id, story_id, latest_version FROM articles
			WHERE url = ? AND url <> '' ORDER BY id LIMIT 1`, doc.URL).Scan(&a.id, &a.storyID, &a.version)
		if !errors.Is(err, sql.ErrNoRows) {
			return a, wrapIf(err, "find article by url")
		}
	}
	if strings.TrimSpace(doc.Title) != "" {
		err := im.queryRow(ctx, `SELECT id, story_id, latest_version FROM articles
			WHERE outlet_id = ? AND title = ? ORDER BY id LIMIT 1`, outletID, doc.Title).Scan(&a.id, &a.storyID, &a.version)
		if !errors.Is(err, sql.ErrNoRows) {
			return a, wrapIf(err, "find article by title")
		}
	}
	return storedArticle{}, nil
}

func wrapIf(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// reanchor moves every annotation of the article onto newBody, the text of
// version newVersion. Each annotation is re-anchored from the text of the
// version its span indexes; an orphaned one keeps that version.
func (im importer) reanchor(ctx context.Context, articleID int64, newBody string, newVersion int) error {
	rows, err := im.tx.QueryContext(ctx, `SELECT id, article_version, span_start, span_end, exact, prefix, suffix, anchor
		FROM annotations WHERE article_id = ?`, articleID)
	if err != nil {
		return err
	}
	type anchored struct {
		a       annotate.Annotation
		version int
	}
	var anns []anchored
	for rows.Next() {
		var x anchored
		var anchor string
		if err := rows.Scan(&x.a.ID, &x.version, &x.a.Start, &x.a.End, &x.a.Exact, &x.a.Prefix, &x.a.Suffix, &anchor); err != nil {
			rows.Close()
			return err
		}
		x.a.ArticleID, x.a.Anchor = articleID, annotate.Anchor(anchor)
		anns = append(anns, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(anns) == 0 {
		return nil
	}

	bodies := map[int]string{}
	update, err := im.stmt(ctx, `UPDATE annotations SET article_version = ?, span_start = ?, span_end = ?,
		exact = ?, prefix = ?, suffix = ?, anchor = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer update.Close()
	nt := annotate.NewText(newBody)
	for _, x := range anns {
		old, ok := bodies[x.version]
		if !ok {
			err := im.queryRow(ctx, `SELECT body FROM article_versions WHERE article_id = ? AND version = ?`,
				articleID, x.version).Scan(&old)
			if err != nil {
				return fmt.Errorf("annotation %d: text of version %d: %w", x.a.ID, x.version, err)
			}
			bodies[x.version] = old
		}
		a := im.s.reanchor(old, newBody, x.a)
		version := newVersion
		if a.Anchor == annotate.AnchorOrphaned || a.Span.Check(nt.Len()) != nil || a.Empty() {
			// Its text is gone: keep it, with its old span and text, on the
			// version that had them.
			a = x.a
			a.Anchor = annotate.AnchorOrphaned
			version = x.version
		} else {
			// The context now comes from the new text, so the next
			// re-anchoring starts from it.
			a.Prefix = nt.Slice(annotate.Span{Start: max(0, a.Start-annotate.ContextRunes), End: a.Start})
			a.Suffix = nt.Slice(annotate.Span{Start: a.End, End: min(nt.Len(), a.End+annotate.ContextRunes)})
		}
		if _, err := update.ExecContext(ctx, version, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, string(a.Anchor), a.ID); err != nil {
			return fmt.Errorf("annotation %d: %w", a.ID, err)
		}
	}
	return nil
}

// storeQuotes stores qs, the quotes of version `version` of an article. A quote of the previous version with the same text keeps its
// row and id (the one at the same place first, else the nearest), so groups
// and corrections that name it survive the new version; quotes that are gone
// stay behind as quotes of the versions that had them.
func (im importer) storeQuotes(ctx context.Context, articleID int64, prevVersion, version int, qs []annotate.Quote) error {

	type oldQuote struct {
		id      int64
		start   int
		inTitle bool
		used    bool
	}
	byText := map[string][]*oldQuote{}
	if prevVersion > 0 {
		rows, err := im.tx.QueryContext(ctx, `SELECT id, span_start, text, in_title FROM quotes
			WHERE article_id = ? AND last_version = ?`, articleID, prevVersion)
		if err != nil {
			return err
		}
		for rows.Next() {
			q := &oldQuote{}
			var text string
			if err := rows.Scan(&q.id, &q.start, &text, &q.inTitle); err != nil {
				rows.Close()
				return err
			}
			byText[text] = append(byText[text], q)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}

	// ids[i] is the row quote i reuses, 0 for a new row. Same place first,
	// then the nearest unused quote with the same text.
	ids := make([]int64, len(qs))
	for pass := 0; pass < 2; pass++ {
		for i, q := range qs {
			if ids[i] != 0 {
				continue
			}
			var best *oldQuote
			for _, o := range byText[q.Text] {
				if o.used || o.inTitle != q.InTitle || (pass == 0 && o.start != q.Start) {
					continue
				}
				if best == nil || abs(o.start-q.Start) < abs(best.start-q.Start) {
					best = o
				}
			}
			if best != nil {
				best.used = true
				ids[i] = best.id
			}
		}
	}

	insert, err := im.stmt(ctx, `INSERT INTO quotes (article_id, first_version, last_version, span_start, span_end,
		text, speaker, confidence, kind, in_title, utterance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	update, err := im.stmt(ctx, `UPDATE quotes SET last_version = ?, span_start = ?, span_end = ?,
		speaker = ?, confidence = ?, kind = ?, utterance = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer update.Close()
	for i, q := range qs {
		if ids[i] != 0 {
			_, err = update.ExecContext(ctx, version, q.Start, q.End, q.Speaker, q.SpeakerConfidence, string(q.Kind), q.Utterance, ids[i])
		} else {
			_, err = insert.ExecContext(ctx, articleID, version, version, q.Start, q.End,
				q.Text, q.Speaker, q.SpeakerConfidence, string(q.Kind), q.InTitle, q.Utterance)
		}
		if err != nil {
			return fmt.Errorf("quote %q: %w", q.Text, err)
		}
	}
	return nil
}

// validQuotes drops extracted quotes whose span is empty or falls outside
// the text it indexes, fills in missing text, and treats an unknown kind as a
// statement. The article matters more than a quote the extractor got wrong.
func validQuotes(qs []annotate.Quote, title, body string) []annotate.Quote {
	if len(qs) == 0 {
		return nil
	}
	tt, bt := annotate.NewText(title), annotate.NewText(body)
	out := qs[:0:0]
	for _, q := range qs {
		t := bt
		if q.InTitle {
			t = tt
		}
		if q.Empty() || q.Check(t.Len()) != nil {
			continue
		}
		if q.Text == "" {
			q.Text = t.Slice(q.Span)
		}
		if q.Kind != annotate.QuoteStatement && q.Kind != annotate.QuoteTerm {
			q.Kind = annotate.QuoteStatement
		}
		out = append(out, q)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
