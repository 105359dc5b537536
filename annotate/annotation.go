package annotate

import (
	"fmt"
	"time"
)

// Kind says what an annotation marks.
type Kind string

// The kinds of annotation an editor can make.
const (
	KindFact  Kind = "fact"
	KindQuote Kind = "quote"
	KindClaim Kind = "claim"
	KindNote  Kind = "note"
)

// Kinds lists every annotation kind in display order.
var Kinds = []Kind{KindFact, KindQuote, KindClaim, KindNote}

// ParseKind checks s names a kind.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q (want fact, quote, claim or note)", s)
}

// Status is how far an annotation or fact has been verified.
type Status string

// The verification states.
const (
	StatusUnverified Status = "unverified"
	StatusConfirmed  Status = "confirmed"
	StatusDisputed   Status = "disputed"
	StatusFalse      Status = "false"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusUnverified, StatusConfirmed, StatusDisputed, StatusFalse}

// ParseStatus checks s names a status; the empty string means unverified.
func ParseStatus(s string) (Status, error) {
	if s == "" {
		return StatusUnverified, nil
	}
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (want unverified, confirmed, disputed or false)", s)
}

// Anchor says how well an annotation is attached to its article's latest text.
type Anchor string

// Anchor states, from best to worst.
const (
	AnchorAnchored Anchor = "anchored" // same text at the same offsets
	AnchorMoved    Anchor = "moved"    // same text, found elsewhere
	AnchorFuzzy    Anchor = "fuzzy"    // text changed a little
	AnchorOrphaned Anchor = "orphaned" // text gone; kept with its old text
)

// Annotation marks a span of an article body. Exact, Prefix and Suffix keep the
// marked text and its context so the annotation can be re-anchored when the
// article changes.
type Annotation struct {
	ID        int64
	ArticleID int64
	Outlet    string // filled on reads, for display
	Span
	Exact     string
	Prefix    string
	Suffix    string
	OldExact  string // text before the latest re-anchoring, when fuzzy or orphaned
	Kind      Kind
	Speaker   string
	Tags      []string
	Status    Status
	Note      string
	Anchor    Anchor
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ContextRunes is how many code points of context are kept either side of an
// annotation for re-anchoring.
const ContextRunes = 32

// NewAnnotation builds an annotation of span in body with its exact text and
// context filled in. It fails when the span is empty or outside the body.
func NewAnnotation(articleID int64, body string, sp Span, kind Kind) (Annotation, error) {
	t := NewText(body)
	if err := sp.Check(t.Len()); err != nil {
		return Annotation{}, err
	}
	if sp.Empty() {
		return Annotation{}, fmt.Errorf("empty span %d-%d", sp.Start, sp.End)
	}
	return Annotation{
		ArticleID: articleID,
		Span:      sp,
		Exact:     t.Slice(sp),
		Prefix:    t.Slice(Span{max(0, sp.Start-ContextRunes), sp.Start}),
		Suffix:    t.Slice(Span{sp.End, min(t.Len(), sp.End+ContextRunes)}),
		Kind:      kind,
		Status:    StatusUnverified,
		Anchor:    AnchorAnchored,
	}, nil
}
