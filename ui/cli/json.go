package cli

import (
	"time"

	"factdesk/annotate"
)

// The JSON shapes printed with --json. Field names are lower_snake_case and
// are documented in README.md; change them only with the README.

type articleJSON struct {
	ID         int64  `json:"id"`
	Story      string `json:"story"`
	Outlet     string `json:"outlet"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	Date       string `json:"date"`
	Byline     string `json:"byline"`
	Chars      int    `json:"chars"`
	Version    int    `json:"version"`
	ImportedAt string `json:"imported_at"`
	Body       string `json:"body,omitempty"`
}

func toArticleJSON(a annotate.Article) articleJSON {
	return articleJSON{
		ID: a.ID, Story: a.Story, Outlet: a.Outlet, Title: a.Title, URL: a.URL,
		Date: dateString(a.Published), Byline: a.Byline, Chars: a.Chars, Version: a.Version,
		ImportedAt: timeString(a.ImportedAt),
	}
}

type annotationJSON struct {
	ID        int64    `json:"id"`
	ArticleID int64    `json:"article_id"`
	Outlet    string   `json:"outlet"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Text      string   `json:"text"`
	Kind      string   `json:"kind"`
	Speaker   string   `json:"speaker"`
	Tags      []string `json:"tags"`
	Status    string   `json:"status"`
	Note      string   `json:"note"`
	Anchor    string   `json:"anchor"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt string   `json:"updated_at"`
}

func toAnnotationJSON(a annotate.Annotation) annotationJSON {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	return annotationJSON{
		ID: a.ID, ArticleID: a.ArticleID, Outlet: a.Outlet, Start: a.Start, End: a.End,
		Text: a.Exact, Kind: string(a.Kind), Speaker: a.Speaker, Tags: tags,
		Status: string(a.Status), Note: a.Note, Anchor: string(a.Anchor),
		CreatedAt: timeString(a.CreatedAt), UpdatedAt: timeString(a.UpdatedAt),
	}
}

type quoteJSON struct {
	ID                int64   `json:"id"`
	ArticleID         int64   `json:"article_id"`
	Outlet            string  `json:"outlet"`
	Start             int     `json:"start"`
	End               int     `json:"end"`
	Text              string  `json:"text"`
	Speaker           string  `json:"speaker"`
	SpeakerConfidence float64 `json:"speaker_confidence"`
	Kind              string  `json:"kind"`
	InTitle           bool    `json:"in_title"`
	Utterance         int     `json:"utterance"`
}

func toQuoteJSON(q annotate.Quote) quoteJSON {
	return quoteJSON{
		ID: q.ID, ArticleID: q.ArticleID, Outlet: q.Outlet, Start: q.Start, End: q.End,
		Text: q.Text, Speaker: q.Speaker, SpeakerConfidence: q.SpeakerConfidence,
		Kind: string(q.Kind), InTitle: q.InTitle, Utterance: q.Utterance,
	}
}

type opJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

func toOpsJSON(ops []annotate.DiffOp) []opJSON {
	out := make([]opJSON, 0, len(ops))
	for _, o := range ops {
		out = append(out, opJSON{Op: string(o.Op), Text: o.Text})
	}
	return out
}

type pairJSON struct {
	A          int64    `json:"a"`
	B          int64    `json:"b"`
	Similarity float64  `json:"similarity"`
	Ops        []opJSON `json:"ops"`
}

type groupJSON struct {
	ID        int64      `json:"id"`
	Speaker   string     `json:"speaker"`
	Canonical string     `json:"canonical"`
	QuoteIDs  []int64    `json:"quote_ids"`
	Conflict  bool       `json:"conflict"`
	Diffs     []pairJSON `json:"diffs"`
}

func toGroupJSON(g annotate.Group) groupJSON {
	diffs := make([]pairJSON, 0, len(g.Diffs))
	for _, d := range g.Diffs {
		diffs = append(diffs, pairJSON{A: d.A, B: d.B, Similarity: d.Similarity, Ops: toOpsJSON(d.Ops)})
	}
	ids := g.QuoteIDs
	if ids == nil {
		ids = []int64{}
	}
	return groupJSON{ID: g.ID, Speaker: g.Speaker, Canonical: g.Canonical, QuoteIDs: ids, Conflict: g.Conflict, Diffs: diffs}
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(annotate.DateLayout)
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
