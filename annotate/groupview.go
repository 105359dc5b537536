package annotate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// GroupMember is a quote of a group together with what the comparison view
// shows of its article.
type GroupMember struct {
	Quote
	// Published is the article's date, zero when unknown.
	Published time.Time
}

// GroupView is the model of the quote comparison view for one group: one
// row per rendering (an outlet's text of the quote), each diffed word by
// word against a reference text.
type GroupView struct {
	GroupID   int64
	Speaker   string
	Canonical string
	Conflict  bool
	// ReferenceID is the quote the rows are diffed against, 0 when they are
	// diffed against the canonical text.
	ReferenceID int64
	// ReferenceText is the text the rows are diffed against: the canonical
	// text, or the rendering holding ReferenceID.
	ReferenceText string
	// Rows are the renderings: the reference's first, then by date (unknown
	// dates last), outlet and first quote ID.
	Rows []VariantRow
}

// VariantRow is one rendering of a group's quote: a quote, or the parts of
// one utterance an article split with its attribution ("First part," she
// said, "second part."), read as one text.
type VariantRow struct {
	// QuoteIDs are the quotes of the rendering, in reading order.
	QuoteIDs  []int64
	ArticleID int64
	Outlet    string
	Published time.Time
	// Speaker is the speaker as this outlet gives it, from its most
	// confident part; empty when the outlet names nobody.
	Speaker           string
	SpeakerConfidence float64
	// SpeakerDiffers is true when the outlet names someone who cannot be
	// the group's speaker ("Doe" can be "Jane Doe"; "Roe" cannot).
	SpeakerDiffers bool
	// InTitle is true when the quote is in the article's title: Spans then
	// index the title, not the body.
	InTitle bool
	// Spans locate each quote in its article, to open it scrolled there.
	Spans []Span
	// Text is the rendering's text, its parts joined by a space.
	Text string
	// Reference is true for the row the others are diffed against.
	Reference bool
	// Similarity is the word similarity to the reference (see WordDiff).
	Similarity float64
	// Ops turn the reference text into this row's text.
	Ops []VariantOp
}

// VariantOp is a diff op of a row against the reference.
type VariantOp struct {
	DiffOp
	// PunctOnly is true for an insert or delete of nothing but punctuation,
	// quotation marks and white space (DiffOp.PunctOnly), which the view
	// shows in a quieter style than changed words.
	PunctOnly bool
}

// NewGroupView builds the comparison model of group g. members are its
// quotes with their articles' dates; quotes of members that g does not list
// are ignored, and quotes g lists without a member are left out. referenceID
// picks the quote whose rendering the others are diffed against; 0 means
// the canonical text. It fails when referenceID is not among the members.
func NewGroupView(g Group, members []GroupMember, referenceID int64) (GroupView, error) {
	v := GroupView{GroupID: g.ID, Speaker: g.Speaker, Canonical: g.Canonical, Conflict: g.Conflict,
		ReferenceID: referenceID, ReferenceText: g.Canonical}
	inGroup := make(map[int64]bool, len(g.QuoteIDs))
	for _, id := range g.QuoteIDs {
		inGroup[id] = true
	}
	var ms []GroupMember
	for _, m := range members {
		if inGroup[m.ID] {
			ms = append(ms, m)
			delete(inGroup, m.ID) // a quote listed twice counts once
		}
	}
	v.Rows = gvRows(ms)

	ref := -1
	if referenceID != 0 {
		for k := range v.Rows {
			if slices.Contains(v.Rows[k].QuoteIDs, referenceID) {
				ref = k
				break
			}
		}
		if ref < 0 {
			return GroupView{}, fmt.Errorf("group %d view: reference quote %d is not a member", g.ID, referenceID)
		}
		v.ReferenceText = v.Rows[ref].Text
	} else {
		for k := range v.Rows {
			if v.Rows[k].Text == g.Canonical {
				ref = k
				break
			}
		}
	}
	if ref >= 0 {
		v.Rows[ref].Reference = true
	}

	group, groupOK := parseSpeaker(g.Speaker)
	for k := range v.Rows {
		r := &v.Rows[k]
		if name, ok := parseSpeaker(r.Speaker); ok && groupOK {
			r.SpeakerDiffers = !name.compatible(group)
		}
		d := DiffWords(v.ReferenceText, r.Text)
		r.Similarity = d.Similarity
		r.Ops = make([]VariantOp, len(d.Ops))
		for i, op := range d.Ops {
			r.Ops[i] = VariantOp{DiffOp: op, PunctOnly: op.PunctOnly()}
		}
	}
	slices.SortStableFunc(v.Rows, gvCompareRows)
	return v, nil
}

// gvRows gathers members into renderings, the way MatchQuotes does:
// the body quotes of an article that share a non-zero Utterance are one
// rendering, every other quote is one of its own.
func gvRows(ms []GroupMember) []VariantRow {
	type key struct {
		article   int64
		utterance int
	}
	slices.SortStableFunc(ms, func(x, y GroupMember) int {
		if c := cmp.Compare(x.ArticleID, y.ArticleID); c != 0 {
			return c
		}
		if x.InTitle != y.InTitle {
			if x.InTitle {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.Start, y.Start); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	var rows []VariantRow
	var texts [][]string
	at := make(map[key]int)
	for _, m := range ms {
		k := -1
		if m.Utterance != 0 && !m.InTitle {
			if i, ok := at[key{m.ArticleID, m.Utterance}]; ok {
				k = i
			} else {
				at[key{m.ArticleID, m.Utterance}] = len(rows)
			}
		}
		if k < 0 {
			k = len(rows)
			rows = append(rows, VariantRow{ArticleID: m.ArticleID, Outlet: m.Outlet, Published: m.Published,
				InTitle: m.InTitle, SpeakerConfidence: -1})
			texts = append(texts, nil)
		}
		r := &rows[k]
		r.QuoteIDs = append(r.QuoteIDs, m.ID)
		r.Spans = append(r.Spans, m.Span)
		texts[k] = append(texts[k], m.Text)
		if m.Speaker != "" && m.SpeakerConfidence > r.SpeakerConfidence {
			r.Speaker, r.SpeakerConfidence = m.Speaker, m.SpeakerConfidence
		}
	}
	for k := range rows {
		rows[k].Text = strings.Join(texts[k], " ")
		rows[k].SpeakerConfidence = max(rows[k].SpeakerConfidence, 0)
	}
	return rows
}

// gvCompareRows orders rows: the reference first, then by date with unknown
// dates last, outlet and first quote ID.
func gvCompareRows(x, y VariantRow) int {
	if x.Reference != y.Reference {
		if x.Reference {
			return -1
		}
		return 1
	}
	if xz, yz := x.Published.IsZero(), y.Published.IsZero(); xz != yz {
		if yz {
			return -1
		}
		return 1
	}
	if c := x.Published.Compare(y.Published); c != 0 {
		return c
	}
	if c := strings.Compare(x.Outlet, y.Outlet); c != 0 {
		return c
	}
	return cmp.Compare(x.QuoteIDs[0], y.QuoteIDs[0])
}

// Align lays the view's rows out in columns word by word against its
// reference text (AlignVariants), for the alignment mode. Rows of the
// result follow v.Rows.
func (v GroupView) Align() VariantAlignment {
	texts := make([]string, len(v.Rows))
	for k, r := range v.Rows {
		texts[k] = r.Text
	}
	return AlignVariants(v.ReferenceText, texts)
}
