package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"factdesk/annotate"
	"factdesk/storage"
)

func TestSearch(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	const url = "https://bay-times.example/tariff"
	tariff := mustImport(t, st, newDoc("Trade", "Bay Times", "Tariff row deepens", url,
		"Ms Kovač’s office said the tariff on Ostrian steel would double. “The tariff is a tax on our own workers,” said José Prieto."))
	mustImport(t, st, newDoc("Trade", "Hill Herald", "Steel talks", "",
		"Negotiators met in Lindau. The steel dispute continued."))
	ferry := mustImport(t, st, newDoc("Ferries", "Coastal Courier", "Ferry strike", "",
		"🚢 Crews of the night ferry struck on Sunday."))
	ann, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: ferry.ArticleID,
		Span: annotate.Span{Start: 2, End: 7}, Kind: annotate.KindNote, Note: "union spokesperson unreachable"})
	if err != nil {
		t.Fatal(err)
	}
	tariffBody := "Ms Kovač’s office said the tariff on Ostrian steel would double. “The tariff is a tax on our own workers,” said José Prieto."

	tests := []struct {
		query string
		want  []string // kind:outlet of the hits, best first
		word  string   // the text at the first hit's Offset, if it is an article hit
	}{
		{"tariff", []string{"article:Bay Times"}, "tariff"},
		{"TARIFF workers", []string{"article:Bay Times"}, "tariff"},
		{"steel", []string{"article:Hill Herald", "article:Bay Times"}, ""},
		{"jose", []string{"article:Bay Times"}, "José"},         // diacritics folded
		{"Kovač's", []string{"article:Bay Times"}, "Kovač"},     // curly apostrophe in the text
		{"ferry", []string{"article:Coastal Courier"}, "ferry"}, // title and body; offset counts the emoji as one
		{"spokesperson", []string{"annotation:Coastal Courier"}, ""},
		{"crews", []string{"annotation:Coastal Courier", "article:Coastal Courier"}, ""},
		{"Lindau tariff", nil, ""}, // every word must match
		{"nonexistentword", nil, ""},
		{"", nil, ""},
		{"   ", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := st.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Kind+":"+h.Outlet)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("hits = %q, want %q", got, want)
			}
			if tt.word != "" {
				h := hits[0]
				a, err := st.Article(ctx, h.ArticleID)
				if err != nil {
					t.Fatal(err)
				}
				at := annotate.NewText(a.Body).Slice(annotate.Span{Start: h.Offset, End: h.Offset + annotate.RuneLen(tt.word)})
				if !strings.EqualFold(at, tt.word) {
					t.Errorf("offset %d points at %q, want %q", h.Offset, at, tt.word)
				}
				if !strings.Contains(h.Snippet, storage.SnippetMark) || h.Story == "" || h.Title == "" {
					t.Errorf("hit %+v lacks snippet marks, story or title", h)
				}
			}
		})
	}

	hits, _ := st.Search(ctx, "spokesperson", 10)
	if len(hits) == 1 {
		if h := hits[0]; h.AnnotationID != ann.ID || h.ArticleID != ferry.ArticleID || h.Offset != 2 || h.Title != "Ferry strike" ||
			h.Snippet != "union **spokesperson** unreachable" {
			t.Errorf("annotation hit = %+v", h)
		}
	}
	if hits, _ := st.Search(ctx, "steel", 1); len(hits) != 1 {
		t.Errorf("limit 1 gave %d hits", len(hits))
	}

	// A new version replaces the indexed text.
	mustImport(t, st, newDoc("Trade", "Bay Times", "Tariff row deepens", url, strings.Replace(tariffBody, "Ostrian", "Veldish", 1)))
	if hits, _ := st.Search(ctx, "Ostrian", 10); len(hits) != 0 {
		t.Errorf("old version's text still found: %+v", hits)
	}
	if hits, _ := st.Search(ctx, "Veldish", 10); len(hits) != 1 || hits[0].ArticleID != tariff.ArticleID {
		t.Errorf("new version's text not found: %+v", hits)
	}
	// Deleting an annotation removes it from the index.
	if err := st.DeleteAnnotation(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if hits, _ := st.Search(ctx, "spokesperson", 10); len(hits) != 0 {
		t.Errorf("deleted annotation still found: %+v", hits)
	}
}

func TestSearchHostileQueries(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	mustImport(t, st, newDoc("Trade", "Bay Times", "Biden's tariff", "",
		`Biden's "tariff" plan: AND OR NOT (NEAR) title:body col* ^start -minus +plus {braces} [brackets].`))
	queries := []string{
		`Biden's "tariff`, `AND OR (`, `"`, `""`, `"""`, `*`, `NEAR(`, `NEAR(a b, 3)`, `title:foo`, `title:body`,
		`-minus`, `^start`, `col*`, `a AND`, `OR`, `NOT x`, `(`, `)`, `{braces}`, `[brackets]`, `'`, `\`, `%_`,
		"\x00", "tab\tseparated", "🚢", "مرفأ", `'; DROP TABLE articles; --`, strings.Repeat("(", 500),
	}
	for _, q := range queries {
		if _, err := st.Search(ctx, q, 10); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	for _, q := range []string{`Biden's "tariff`, `AND OR (`, `title:body`, `NEAR(`} {
		if hits, _ := st.Search(ctx, q, 10); len(hits) != 1 {
			t.Errorf("Search(%q) = %d hits, want the article (words taken literally)", q, len(hits))
		}
	}
	if empty, _ := st.IsEmpty(ctx); empty {
		t.Error("a query dropped the articles")
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tariff", `"tariff"`},
		{`Biden's "tariff`, `"Biden's" """tariff"`},
		{"AND OR (", `"AND" "OR"`},
		{"  two   words ", `"two" "words"`},
		{`*** ( ) "`, ``},
		{"NEAR(a", `"NEAR(a"`},
	}
	for _, tt := range tests {
		if got := storage.FTSQuery(tt.in); got != tt.want {
			t.Errorf("FTSQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
