package storage_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// A body with text outside the Basic Multilingual Plane, combining marks and
// right-to-left script before the annotated words, so byte and code-point
// offsets differ.
const intlBody = "Cafe\u0301 🚢 owner Zoë Ångström (مرفأ) said: the quay reopens Friday. Inspectors disagreed."

func TestAnnotationCRUD(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	clock := time.Date(2031, 5, 1, 9, 30, 0, 123456789, time.UTC)
	st.SetClock(func() time.Time { return clock })
	res := mustImport(t, st, newDoc("Quay", "Bay Times", "Quay to reopen", "", intlBody))

	start := annotate.RuneLen(intlBody[:strings.Index(intlBody, "the quay")])
	span := annotate.Span{Start: start, End: start + annotate.RuneLen("the quay reopens Friday")}
	a, err := st.CreateAnnotation(ctx, annotate.Annotation{
		ArticleID: res.ArticleID, Span: span, Kind: annotate.KindClaim, Speaker: " Zoë Ångström ",
		Tags: []string{"quay", " schedule ", "quay", ""}, Note: "check with the port authority",
		Exact: "ignored: taken from the body",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := annotate.Annotation{
		ID: a.ID, ArticleID: res.ArticleID, Outlet: "Bay Times", Span: span,
		Exact: "the quay reopens Friday", Prefix: "owner Zoë Ångström (مرفأ) said: ", Suffix: ". Inspectors disagreed.",
		Kind: annotate.KindClaim, Speaker: "Zoë Ångström", Tags: []string{"quay", "schedule"},
		Status: annotate.StatusUnverified, Note: "check with the port authority", Anchor: annotate.AnchorAnchored,
		CreatedAt: clock.Truncate(time.Microsecond), UpdatedAt: clock.Truncate(time.Microsecond),
	}
	if !equalAnnotation(a, want) {
		t.Fatalf("created\n%+v\nwant\n%+v", a, want)
	}
	if got, err := st.Annotation(ctx, a.ID); err != nil || !equalAnnotation(got, want) {
		t.Errorf("Annotation(%d) = %+v, %v", a.ID, got, err)
	}

	// Update everything an editor can change.
	clock = clock.Add(time.Hour)
	upd := a
	upd.Kind, upd.Status, upd.Speaker, upd.Note = annotate.KindQuote, annotate.StatusDisputed, "Port authority", "they deny it"
	upd.Tags = []string{"denied"}
	upd.Span = annotate.Span{Start: span.End + 2, End: span.End + 2 + annotate.RuneLen("Inspectors")}
	got, err := st.UpdateAnnotation(ctx, upd)
	if err != nil {
		t.Fatal(err)
	}
	if got.Exact != "Inspectors" || got.Kind != annotate.KindQuote || got.Status != annotate.StatusDisputed ||
		got.Speaker != "Port authority" || got.Note != "they deny it" || !slices.Equal(got.Tags, []string{"denied"}) ||
		!got.UpdatedAt.Equal(clock.Truncate(time.Microsecond)) || !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("updated = %+v", got)
	}
	tags, err := st.Tags(ctx)
	if err != nil || !slices.Equal(tags, []string{"denied"}) {
		t.Errorf("Tags() = %q, %v; want only tags in use", tags, err)
	}

	// Delete, then undo.
	if err := st.DeleteAnnotation(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Annotation(ctx, a.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Annotation after delete: %v, want ErrNotFound", err)
	}
	if err := st.DeleteAnnotation(ctx, a.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	// A new annotation never takes the deleted one's id.
	other, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: 4}, Kind: annotate.KindNote})
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == a.ID {
		t.Fatalf("id %d reused", a.ID)
	}
	if err := st.RestoreAnnotation(ctx, got); err != nil {
		t.Fatal(err)
	}
	restored, err := st.Annotation(ctx, a.ID)
	if err != nil || !equalAnnotation(restored, got) {
		t.Errorf("restored = %+v, %v\nwant %+v", restored, err, got)
	}
	if err := st.RestoreAnnotation(ctx, got); err == nil {
		t.Error("restoring over an existing annotation succeeded")
	}
	if hits, _ := st.Search(ctx, "deny", 5); len(hits) != 1 || hits[0].AnnotationID != a.ID {
		t.Errorf("restored annotation not searchable: %+v", hits)
	}
	if tags, _ := st.Tags(ctx); !slices.Equal(tags, []string{"denied"}) {
		t.Errorf("Tags() after restore = %q", tags)
	}
}

func equalAnnotation(a, b annotate.Annotation) bool {
	return a.ID == b.ID && a.ArticleID == b.ArticleID && a.Outlet == b.Outlet && a.Span == b.Span &&
		a.Exact == b.Exact && a.Prefix == b.Prefix && a.Suffix == b.Suffix && a.Kind == b.Kind &&
		a.Speaker == b.Speaker && slices.Equal(a.Tags, b.Tags) && a.Status == b.Status && a.Note == b.Note &&
		a.Anchor == b.Anchor && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func TestCreateAnnotationRejects(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	res := mustImport(t, st, newDoc("Quay", "Bay Times", "Quay", "", intlBody))
	n := annotate.RuneLen(intlBody)
	tests := []struct {
		name     string
		a        annotate.Annotation
		notFound bool
	}{
		{"past the end", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: n - 2, End: n + 1}, Kind: annotate.KindFact}, false},
		{"negative", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: -1, End: 3}, Kind: annotate.KindFact}, false},
		{"empty", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 3, End: 3}, Kind: annotate.KindFact}, false},
		{"reversed", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 5, End: 3}, Kind: annotate.KindFact}, false},
		{"bad kind", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: 3}, Kind: "rumour"}, false},
		{"bad status", annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: 3}, Kind: annotate.KindFact, Status: "maybe"}, false},
		{"unknown article", annotate.Annotation{ArticleID: 4242, Span: annotate.Span{Start: 0, End: 3}, Kind: annotate.KindFact}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.CreateAnnotation(ctx, tt.a)
			if err == nil {
				t.Fatal("created")
			}
			if errors.Is(err, storage.ErrNotFound) != tt.notFound {
				t.Errorf("error %v: ErrNotFound = %v, want %v", err, !tt.notFound, tt.notFound)
			}
		})
	}
	// The whole body is a valid span.
	a, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: res.ArticleID, Span: annotate.Span{Start: 0, End: n}, Kind: annotate.KindNote})
	if err != nil || a.Exact != intlBody {
		t.Errorf("whole-body annotation: %q, %v", a.Exact, err)
	}
}

func TestAnnotationsFilter(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	a := mustImport(t, st, newDoc("Strike", "Valley Post", "Drivers walk out", "", "Bus drivers walked out at dawn."))
	b := mustImport(t, st, newDoc("Strike", "Hill Herald", "Buses stop", "", "No buses ran today at all."))
	c := mustImport(t, st, newDoc("Election", "Hill Herald", "Polls open", "", "Polls opened at seven."))
	mk := func(article int64, start, end int, tags ...string) int64 {
		t.Helper()
		n, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: article, Span: annotate.Span{Start: start, End: end}, Kind: annotate.KindFact, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	a2 := mk(a.ArticleID, 10, 15, "unions")
	a1 := mk(a.ArticleID, 0, 3)
	b1 := mk(b.ArticleID, 3, 8, "transport", "unions")
	c1 := mk(c.ArticleID, 0, 5, "vote")

	tests := []struct {
		name string
		f    storage.AnnotationFilter
		want []int64
	}{
		{"all, by article then start", storage.AnnotationFilter{}, []int64{a1, a2, b1, c1}},
		{"article", storage.AnnotationFilter{ArticleID: a.ArticleID}, []int64{a1, a2}},
		{"story id", storage.AnnotationFilter{StoryID: c.StoryID}, []int64{c1}},
		{"story name", storage.AnnotationFilter{Story: "Strike"}, []int64{a1, a2, b1}},
		{"unknown story", storage.AnnotationFilter{Story: "None"}, nil},
		{"article outside story", storage.AnnotationFilter{ArticleID: c.ArticleID, Story: "Strike"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := st.Annotations(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, n := range list {
				ids = append(ids, n.ID)
				if n.Outlet == "" {
					t.Errorf("annotation %d has no outlet", n.ID)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
		})
	}
	if tags, err := st.Tags(ctx); err != nil || !slices.Equal(tags, []string{"transport", "unions", "vote"}) {
		t.Errorf("Tags() = %q, %v", tags, err)
	}
}

func TestFacts(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	res := mustImport(t, st, newDoc("Quay", "Bay Times", "Quay", "", intlBody))
	elsewhere := mustImport(t, st, newDoc("Other", "Bay Times", "Other", "", "Unrelated text here."))
	mk := func(article int64) int64 {
		t.Helper()
		n, err := st.CreateAnnotation(ctx, annotate.Annotation{ArticleID: article, Span: annotate.Span{Start: 0, End: 4}, Kind: annotate.KindFact})
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	n1, n2, foreign := mk(res.ArticleID), mk(res.ArticleID), mk(elsewhere.ArticleID)

	f, err := st.AddFact(ctx, annotate.Fact{StoryID: res.StoryID, Text: "  The quay reopens on Friday. ",
		Links: []annotate.FactLink{{AnnotationID: n1}}})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == 0 || f.Text != "The quay reopens on Friday." || f.Status != annotate.StatusUnverified || f.CreatedAt.IsZero() ||
		len(f.Links) != 1 || f.Links[0] != (annotate.FactLink{AnnotationID: n1}) {
		t.Fatalf("added fact = %+v", f)
	}
	if err := st.LinkFact(ctx, f.ID, n2, true); err != nil {
		t.Fatal(err)
	}
	if err := st.LinkFact(ctx, f.ID, n1, true); err != nil { // relinking changes the kind of link
		t.Fatal(err)
	}
	if err := st.LinkFact(ctx, f.ID, foreign, false); err == nil {
		t.Error("linked an annotation of another story")
	}
	if err := st.LinkFact(ctx, f.ID, 999, false); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("link to a missing annotation: %v, want ErrNotFound", err)
	}
	f.Text, f.Status, f.Note = "The quay reopens on Saturday.", annotate.StatusConfirmed, "per harbour master"
	if _, err := st.UpdateFact(ctx, f); err != nil {
		t.Fatal(err)
	}
	second, err := st.AddFact(ctx, annotate.Fact{StoryID: res.StoryID, Text: "Inspectors disagree.", Status: annotate.StatusDisputed})
	if err != nil {
		t.Fatal(err)
	}

	facts, err := st.Facts(ctx, res.StoryID)
	if err != nil || len(facts) != 2 {
		t.Fatalf("Facts = %+v, %v", facts, err)
	}
	got := facts[0]
	if got.Text != "The quay reopens on Saturday." || got.Status != annotate.StatusConfirmed || got.Note != "per harbour master" ||
		!slices.Equal(got.Links, []annotate.FactLink{{AnnotationID: n1, Contradicts: true}, {AnnotationID: n2, Contradicts: true}}) {
		t.Errorf("fact = %+v", got)
	}
	if facts[1].ID != second.ID || facts[1].Links != nil {
		t.Errorf("second fact = %+v", facts[1])
	}

	if err := st.UnlinkFact(ctx, f.ID, n2); err != nil {
		t.Fatal(err)
	}
	if err := st.UnlinkFact(ctx, f.ID, n2); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("second unlink: %v, want ErrNotFound", err)
	}
	// Deleting an annotation drops its links; the fact stays.
	if err := st.DeleteAnnotation(ctx, n1); err != nil {
		t.Fatal(err)
	}
	facts, _ = st.Facts(ctx, res.StoryID)
	if len(facts) != 2 || len(facts[0].Links) != 0 {
		t.Errorf("after deleting the linked annotation: %+v", facts)
	}

	if err := st.DeleteFact(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteFact(ctx, f.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	if _, err := st.UpdateFact(ctx, f); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("update of a deleted fact: %v, want ErrNotFound", err)
	}
	for name, bad := range map[string]annotate.Fact{
		"no text":       {StoryID: res.StoryID, Text: "  "},
		"bad status":    {StoryID: res.StoryID, Text: "x", Status: "maybe"},
		"no such story": {StoryID: 777, Text: "x"},
		"foreign link":  {StoryID: res.StoryID, Text: "x", Links: []annotate.FactLink{{AnnotationID: foreign}}},
	} {
		if _, err := st.AddFact(ctx, bad); err == nil {
			t.Errorf("AddFact(%s) succeeded", name)
		}
	}
	if facts, _ := st.Facts(ctx, res.StoryID); len(facts) != 1 {
		t.Errorf("failed AddFacts left facts: %+v", facts)
	}
}
