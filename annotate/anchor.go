package annotate

import "strings"

// Reanchor moves an annotation made on oldBody to newBody and sets its Anchor
// state. PLACEHOLDER internals: replaced by the re-anchoring work.
func Reanchor(oldBody, newBody string, a Annotation) Annotation {
	nt := NewText(newBody)
	if nt.Slice(a.Span) == a.Exact && a.End <= nt.Len() {
		a.Anchor = AnchorAnchored
		return a
	}
	if i := strings.Index(newBody, a.Exact); i >= 0 && a.Exact != "" {
		st := nt.Rune(i)
		a.Span = Span{st, st + RuneLen(a.Exact)}
		a.Anchor = AnchorMoved
		return a
	}
	a.Anchor = AnchorOrphaned
	return a
}
