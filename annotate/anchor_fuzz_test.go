package annotate_test

import (
	"strings"
	"testing"

	"factdesk/annotate"
)

// FuzzReanchor feeds arbitrary bodies and spans (valid annotations, and raw
// ones with any offsets and text) to the re-anchorer: it must not panic, must
// keep the annotation, and must leave its span inside the new body, holding
// its text unless orphaned.
func FuzzReanchor(f *testing.F) {
	f.Add(harbourBody, "Updated.\n\n"+strings.Replace(harbourBody, "desgin", "design", 1), 120, 160, false, "")
	f.Add(twiceBody, "Far away, by the old fish market, the fleet stays too.", 17, 32, false, "")
	f.Add("Zoë 🚣 said “hi”.", "Ça 👍🏽 Zoë said “hi” again.", 4, 6, false, "")
	f.Add("abc", "", 0, 3, true, "abc")
	f.Add("a a a a", "a a a", -5, 99, true, "a a")
	f.Add("x\xffy\xe2\x80z", "\x80\xffy\xe2z", 1, 4, true, "\x80")
	f.Fuzz(func(t *testing.T, oldBody, newBody string, start, end int, raw bool, exact string) {
		a := annotate.Annotation{ID: 9, Kind: annotate.KindNote, Span: annotate.Span{Start: start, End: end}, Exact: exact}
		if !raw {
			var err error
			if a, err = annotate.NewAnnotation(1, oldBody, annotate.Span{Start: start, End: end}, annotate.KindNote); err != nil {
				return
			}
			a.ID = 9
		}
		got := annotate.Reanchor(oldBody, newBody, a)
		all := annotate.ReanchorAll(oldBody, newBody, []annotate.Annotation{a, a})
		if len(all) != 2 || all[0].Span != got.Span || all[0].Anchor != got.Anchor {
			t.Fatalf("ReanchorAll %+v disagrees with Reanchor %+v", all, got)
		}
		nt := annotate.NewText(newBody)
		if err := got.Span.Check(nt.Len()); err != nil {
			t.Fatalf("span outside the new body: %v", err)
		}
		if got.ID != a.ID || got.Kind != a.Kind {
			t.Fatalf("annotation identity lost: %+v", got)
		}
		switch got.Anchor {
		case annotate.AnchorOrphaned:
			if got.OldExact != got.Exact {
				t.Fatalf("orphan without its old text: %+v", got)
			}
		case annotate.AnchorAnchored, annotate.AnchorMoved, annotate.AnchorFuzzy:
			if got.Span.Empty() || got.Exact != nt.Slice(got.Span) {
				t.Fatalf("%s span %v holds %q, exact %q", got.Anchor, got.Span, nt.Slice(got.Span), got.Exact)
			}
		default:
			t.Fatalf("anchor state %q", got.Anchor)
		}
	})
}
