package storage_test

import (
	"context"
	"testing"

	"factdesk/annotate"
	"factdesk/storage"
)

// FuzzW3CImport reads arbitrary W3C documents and imports what parses into a
// store holding two articles: no error (annotations that cannot be placed
// are skipped, not errors), and every stored annotation lies inside its
// article's body and holds exactly the text there. Each input's annotations
// are deleted again, so inputs do not depend on each other.
func FuzzW3CImport(f *testing.F) {
	ctx := context.Background()
	st := mustOpen(f)
	bodies := map[int64]string{}
	for _, d := range []annotate.Document{
		newDoc("Harbour vote", "Coastline Wire", "T", "https://harbour.test/vote",
			"The council voted 7–2 on Tuesday. “We are back,” said שרה לוי. 👩🏽‍⚕️ nurses cheered.\n\nThe council voted again."),
		newDoc("Harbour vote", "Daily Lantern", "Harbour plan passes", "",
			"Zoe\u0308 said the plan costs €48 million; the council voted 7–2."),
	} {
		res := mustImport(f, st, d)
		bodies[res.ArticleID] = d.Body
	}
	f.Add([]byte(`{"type":"Annotation","target":{"source":"https://harbour.test/vote","selector":{"type":"TextQuoteSelector","exact":"voted 7–2","prefix":"again "}}}`))
	f.Add([]byte(`{"type":"Annotation","target":{"source":"urn:factdesk:article:2","selector":[{"type":"TextPositionSelector","start":0,"end":4},{"type":"TextQuoteSelector","exact":"Zoë"}]}}`))
	f.Add([]byte(`{"type":"Annotation","target":{"source":"x","factdesk:outlet":"Coastline Wire","factdesk:title":"T","selector":{"type":"TextPositionSelector","start":70,"end":90000}}}`))
	f.Add([]byte(`[{"type":"Annotation","bodyValue":"n","target":{"source":"https://harbour.test/vote","selector":{"type":"TextQuoteSelector","exact":"👩🏽"}}},` +
		`{"type":"Annotation","target":{"source":"https://harbour.test/vote","selector":{"type":"TextQuoteSelector","exact":"👩🏽"}}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		anns, err := annotate.ParseW3C(data)
		if err != nil {
			return // the reader's own target checks its errors
		}
		rep, err := st.ImportW3C(ctx, anns)
		if err != nil {
			t.Fatalf("import of %d parsed annotations: %v", len(anns), err)
		}
		if len(rep.Results) != len(anns) || rep.Created+rep.Duplicates+rep.Skipped != len(anns) {
			t.Fatalf("report %+v for %d annotations", rep, len(anns))
		}
		stored, err := st.Annotations(ctx, storage.AnnotationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != rep.Created {
			t.Errorf("%d annotations stored, %d reported created", len(stored), rep.Created)
		}
		for _, a := range stored {
			body := annotate.NewText(bodies[a.ArticleID])
			if err := a.Span.Check(body.Len()); err != nil || a.Empty() {
				t.Errorf("annotation %d: span %v outside its body", a.ID, a.Span)
			} else if body.Slice(a.Span) != a.Exact {
				t.Errorf("annotation %d: span %v holds %q, exact %q", a.ID, a.Span, body.Slice(a.Span), a.Exact)
			}
			if err := st.DeleteAnnotation(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
		}
	})
}
