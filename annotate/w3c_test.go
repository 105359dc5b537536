package annotate_test

import (
	"strings"
	"testing"

	"factdesk/annotate"
)

func TestParseW3CAccepts(t *testing.T) {
	const target = `"target": {"source": "https://news.test/a", "selector": {"type": "TextQuoteSelector", "exact": "council"}}`
	tests := []struct {
		name string
		doc  string
		n    int
		want annotate.W3CAnnotation // checked on the first annotation
	}{
		{"single annotation", `{"type": "Annotation", ` + target + `}`, 1,
			annotate.W3CAnnotation{Kind: annotate.KindNote, Status: annotate.StatusUnverified}},
		{"array", `[{"type": "Annotation", ` + target + `}, {"type": ["Annotation"], ` + target + `}]`, 2,
			annotate.W3CAnnotation{Kind: annotate.KindNote, Status: annotate.StatusUnverified}},
		{"page", `{"type": "AnnotationPage", "items": [{"type": "Annotation", ` + target + `}]}`, 1,
			annotate.W3CAnnotation{Kind: annotate.KindNote, Status: annotate.StatusUnverified}},
		{"empty collection", `{"type": "AnnotationCollection", "total": 0}`, 0, annotate.W3CAnnotation{}},
		{"bodies by purpose", `{"type": "Annotation", "motivation": ["questioning"], "body": [
			{"type": "TextualBody", "value": "first", "purpose": "commenting"},
			{"type": "TextualBody", "value": "  harbour ", "purpose": "tagging"},
			{"type": "TextualBody", "value": "quote", "purpose": "classifying"},
			{"type": "TextualBody", "value": "not-a-kind", "purpose": "classifying"},
			{"type": "TextualBody", "value": "confirmed", "purpose": "assessing"},
			{"type": "TextualBody", "value": "looks wrong to me", "purpose": ["assessing"]},
			{"type": "TextualBody", "value": "Inès Okafor", "purpose": "identifying"},
			{"type": "TextualBody", "value": "second"},
			"https://tags.test/harbour",
			{"type": "Image", "id": "https://img.test/x.png"}
		], ` + target + `}`, 1, annotate.W3CAnnotation{Kind: annotate.KindQuote, Status: annotate.StatusConfirmed,
			Speaker: "Inès Okafor", Tags: []string{"harbour", "not-a-kind"}, Note: "first\n\nlooks wrong to me\n\nsecond"}},
		{"motivation gives the kind", `{"type": "Annotation", "motivation": "questioning", "bodyValue": "why?", ` + target + `}`, 1,
			annotate.W3CAnnotation{Kind: annotate.KindClaim, Status: annotate.StatusUnverified, Note: "why?"}},
		{"source object and urn", `{"type": "Annotation", "target": {"source": {"id": "urn:factdesk:article:12"},
			"selector": {"type": "TextPositionSelector", "start": 0, "end": 4}}}`, 1,
			annotate.W3CAnnotation{Kind: annotate.KindNote, Status: annotate.StatusUnverified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := annotate.ParseW3C([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.n {
				t.Fatalf("%d annotations, want %d", len(got), tt.n)
			}
			if tt.n == 0 {
				return
			}
			a := got[0]
			if a.Kind != tt.want.Kind || a.Status != tt.want.Status || a.Speaker != tt.want.Speaker ||
				a.Note != tt.want.Note || strings.Join(a.Tags, "|") != strings.Join(tt.want.Tags, "|") {
				t.Errorf("got %+v\nwant %+v", a, tt.want)
			}
		})
	}
	got, err := annotate.ParseW3C([]byte(tests[len(tests)-1].doc))
	if err != nil || got[0].Target.ArticleID != 12 || got[0].Target.Position == nil || got[0].Target.Position.End != 4 {
		t.Errorf("urn target: %+v, %v", got, err)
	}
}

func TestParseW3CRejects(t *testing.T) {
	sel := `"selector": {"type": "TextQuoteSelector", "exact": "x"}`
	tests := []struct {
		name, doc, want string
	}{
		{"not JSON", `{"type": `, "not JSON"},
		{"scalar", `"Annotation"`, "want an object or an array"},
		{"other type", `{"type": "Person"}`, `type "Person" is not Annotation`},
		{"item of another type", `[{"type": "Person"}]`, "annotation 1: type is \"Person\""},
		{"no target", `{"type": "Annotation"}`, "target: missing"},
		{"bare IRI target", `{"type": "Annotation", "target": "https://x.test/"}`, "bare IRI names no passage"},
		{"two targets", `{"type": "Annotation", "target": [{"source": "a", ` + sel + `}, {"source": "b", ` + sel + `}]}`, "2 targets"},
		{"no source", `{"type": "Annotation", "target": {` + sel + `}}`, "no source"},
		{"no selector", `{"type": "Annotation", "target": {"source": "https://x.test/"}}`, "no TextQuoteSelector or TextPositionSelector"},
		{"empty exact", `{"type": "Annotation", "target": {"source": "s", "selector": {"type": "TextQuoteSelector", "exact": ""}}}`, "without exact text"},
		{"bad position", `{"type": "Annotation", "target": {"source": "s", "selector": {"type": "TextPositionSelector", "start": 5, "end": 2}}}`, "bad TextPositionSelector 5-2"},
		{"huge position", `{"type": "Annotation", "target": {"source": "s", "selector": {"type": "TextPositionSelector", "start": 0, "end": 9223372036854775807}}}`, "bad TextPositionSelector"},
		{"position without end", `{"type": "Annotation", "target": {"source": "s", "selector": {"type": "TextPositionSelector", "start": 0}}}`, "needs start and end"},
		{"bad urn", `{"type": "Annotation", "target": {"source": "urn:factdesk:article:x", ` + sel + `}}`, "bad article id"},
		{"bad time", `{"type": "Annotation", "created": "yesterday", "target": {"source": "s", ` + sel + `}}`, "created: not an RFC 3339 time"},
		{"TextualBody without value", `{"type": "Annotation", "body": {"type": "TextualBody"}, "target": {"source": "s", ` + sel + `}}`, "TextualBody without a value"},
		{"referenced page", `{"type": "AnnotationCollection", "first": "https://x.test/page1"}`, "only referenced"},
		{"named in error", `{"id": "urn:x:7", "type": "Annotation"}`, "(urn:x:7)"},
		{"depth bomb", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "nested more than"},
		{"too big", `[` + strings.Repeat(" ", annotate.MaxW3CBytes) + `]`, "MB limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := annotate.ParseW3C([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
