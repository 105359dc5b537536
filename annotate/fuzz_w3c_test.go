package annotate_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"factdesk/annotate"
)

// w3cSeeds are W3C Web Annotation documents of the shapes ParseW3C reads,
// for the fuzz targets here and in storage.
var w3cSeeds = []string{
	`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","motivation":"highlighting",
	  "body":[{"type":"TextualBody","value":"check","purpose":"commenting"},{"type":"TextualBody","value":"quote","purpose":"classifying"}],
	  "target":{"source":"https://harbour.test/vote","selector":[{"type":"TextQuoteSelector","exact":"voted 7–2","prefix":"council ","suffix":" on"},
	    {"type":"TextPositionSelector","start":4,"end":13}]}}`,
	`[{"type":["Annotation"],"created":"2031-05-01T09:30:00Z","bodyValue":"note","target":{"source":{"id":"urn:factdesk:article:1"},
	  "selector":{"type":"TextPositionSelector","start":0,"end":3}}}]`,
	`{"type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[{"type":"Annotation",
	  "target":{"source":"x","factdesk:outlet":"Coastline Wire","factdesk:title":"T","selector":[{"type":"TextQuoteSelector","exact":"👩🏽‍⚕️ שלום"}]}}]}}`,
	`{"type":"Annotation","target":"https://bare.test/"}`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"type":"Annotation","target":{"source":"s","selector":{"type":"TextPositionSelector","start":9223372036854775807,"end":-1}}}`,
}

// FuzzW3CParse feeds arbitrary bytes to the W3C reader: no panic, an error
// or annotations that keep the reader's promises (a known kind and status,
// one target with a source and a TextQuoteSelector with text or a well-formed
// TextPositionSelector), in bounded time.
func FuzzW3CParse(f *testing.F) {
	for _, s := range w3cSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		anns, err := annotate.ParseW3C(data)
		if d := time.Since(start); d > fuzzTimeLimit {
			t.Errorf("parsing %d bytes took %v", len(data), d)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for i, a := range anns {
			if _, err := annotate.ParseKind(string(a.Kind)); err != nil {
				t.Errorf("annotation %d: %v", i, err)
			}
			if _, err := annotate.ParseStatus(string(a.Status)); err != nil {
				t.Errorf("annotation %d: %v", i, err)
			}
			tg := a.Target
			switch {
			case tg.Source == "":
				t.Errorf("annotation %d: no source", i)
			case tg.Quote == nil && tg.Position == nil:
				t.Errorf("annotation %d: no selector", i)
			case tg.Quote != nil && tg.Quote.Exact == "":
				t.Errorf("annotation %d: empty quote", i)
			case tg.Position != nil && (tg.Position.Start < 0 || tg.Position.Empty()):
				t.Errorf("annotation %d: position %v", i, *tg.Position)
			}
			for _, s := range append([]string{a.Speaker, a.Note, tg.Source, tg.Outlet, tg.Title}, a.Tags...) {
				if !utf8.ValidString(s) {
					t.Errorf("annotation %d: invalid UTF-8 %q", i, s)
				}
			}
		}
	})
}
