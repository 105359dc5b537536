package storage_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
	"factdesk/storage"
)

// Fictional coverage of one story by three outlets, one without a URL.
var w3cDocs = []annotate.Document{
	newDoc("Harbour vote", "Coastline Wire", "Council approves harbour plan", "https://coastline-wire.test/harbour-vote",
		"The Port Alder council voted 7–2 on Tuesday to approve the harbour plan after a debate that lasted nearly an hour.\n\n"+
			"“This is the most important decision we’ll make this decade,” said Mayor Inès Okafor.\n\n"+
			"The plan will cost €48 million. Opponents say the fishing co-operative was not consulted. The plan will cost more later."),
	newDoc("Harbour vote", "Daily Lantern", "Harbour plan passes after late-night vote", "https://lantern.test/harbour?id=7&x=<b>",
		"After a late-night session, councillors backed the plan by seven votes to two.\n\n"+
			"The meeting lasted more than three hours. The plan will cost €52 million."),
	newDoc("Harbour vote", "Riverside Blog", "What the council didn’t say", "",
		"Nobody told the fishing co-operative. 🚢 The council says the plan costs €48 million, café owners say more."),
}

// annotateText annotates the nth occurrence (from 0) of text in an article.
func annotateText(t *testing.T, st *storage.Store, articleID int64, text string, nth int, a annotate.Annotation) annotate.Annotation {
	t.Helper()
	art, err := st.Article(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i := 0; i <= nth; i++ {
		j := strings.Index(art.Body[at+1:], text)
		if j < 0 {
			t.Fatalf("article %d has no %q", articleID, text)
		}
		at += 1 + j
	}
	tx := annotate.NewText(art.Body)
	a.ArticleID = articleID
	a.Span = annotate.Span{Start: tx.Rune(at), End: tx.Rune(at + len(text))}
	out, err := st.CreateAnnotation(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// articleIDs imports docs and returns article ids by outlet.
func importDocs(t *testing.T, st *storage.Store, docs []annotate.Document) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	for _, d := range docs {
		ids[d.Outlet] = mustImport(t, st, d).ArticleID
	}
	return ids
}

// annotatedStore is a store holding w3cDocs with annotations of every kind.
func annotatedStore(t *testing.T) (*storage.Store, int64) {
	t.Helper()
	st := mustOpen(t)
	ids := importDocs(t, st, w3cDocs)
	wire, lantern, blog := ids["Coastline Wire"], ids["Daily Lantern"], ids["Riverside Blog"]
	annotateText(t, st, wire, "voted 7–2 on Tuesday", 0, annotate.Annotation{Kind: annotate.KindFact, Status: annotate.StatusConfirmed, Tags: []string{"vote", "=cmd"}})
	annotateText(t, st, wire, "This is the most important decision we’ll make this decade,", 0,
		annotate.Annotation{Kind: annotate.KindQuote, Speaker: "Inès Okafor", Note: "Check against the recording.\nTwice."})
	// "The plan will cost" occurs twice in the wire: the second one tests
	// that the position, not the first occurrence, is kept.
	annotateText(t, st, wire, "The plan will cost", 1, annotate.Annotation{Kind: annotate.KindClaim, Status: annotate.StatusDisputed})
	annotateText(t, st, lantern, "more than three hours", 0, annotate.Annotation{Kind: annotate.KindClaim, Status: annotate.StatusFalse, Note: "<script>alert(1)</script>"})
	annotateText(t, st, lantern, "seven votes to two", 0, annotate.Annotation{Kind: annotate.KindFact})
	annotateText(t, st, blog, "🚢 The council says", 0, annotate.Annotation{Kind: annotate.KindNote, Tags: []string{"emoji"}, Note: "-2"})
	annotateText(t, st, blog, "café", 0, annotate.Annotation{Kind: annotate.KindNote})
	story, err := st.StoryByName(context.Background(), "Harbour vote")
	if err != nil {
		t.Fatal(err)
	}
	return st, story.ID
}

func exportW3C(t *testing.T, st *storage.Store, storyID int64) []byte {
	t.Helper()
	in, err := st.FactSheetInput(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := annotate.WriteW3C(&b, annotate.BuildFactSheet(in)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// comparable is what a round trip must keep of an annotation.
type comparableAnn struct {
	Outlet, Exact, Kind, Speaker, Status, Note, Tags string
	Start, End                                       int
}

func annotationsOf(t *testing.T, st *storage.Store) []comparableAnn {
	t.Helper()
	as, err := st.Annotations(context.Background(), storage.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []comparableAnn
	for _, a := range as {
		out = append(out, comparableAnn{a.Outlet, a.Exact, string(a.Kind), a.Speaker, string(a.Status), a.Note,
			strings.Join(a.Tags, "|"), a.Start, a.End})
	}
	slices.SortFunc(out, func(x, y comparableAnn) int {
		return cmp.Or(strings.Compare(x.Outlet, y.Outlet), cmp.Compare(x.Start, y.Start), strings.Compare(x.Kind, y.Kind))
	})
	return out
}

// TestW3CRoundTrip exports a story's annotations and imports them into an
// empty store holding the same articles, imported in another order so that
// every article id differs: the annotations come back the same.
func TestW3CRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, storyID := annotatedStore(t)
	data := exportW3C(t, src, storyID)

	dst := mustOpen(t)
	docs := slices.Clone(w3cDocs)
	slices.Reverse(docs)
	mustImport(t, dst, newDoc("Other story", "Filler", "Shifts the ids", "https://filler.test/", "Nothing to see."))
	importDocs(t, dst, docs)

	anns, err := annotate.ParseW3C(data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := dst.ImportW3C(ctx, anns)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 7 || rep.Duplicates != 0 || rep.Skipped != 0 {
		t.Fatalf("report %+v", rep)
	}
	for _, r := range rep.Results {
		if r.Anchor != annotate.AnchorAnchored {
			t.Errorf("annotation %s placed %s, want anchored at its position", r.ID, r.Anchor)
		}
	}
	want, got := annotationsOf(t, src), annotationsOf(t, dst)
	if !slices.Equal(got, want) {
		t.Errorf("round trip changed the annotations:\n got %+v\nwant %+v", got, want)
	}

	// Importing again changes nothing, not even the revision.
	before, _ := dst.Revision(ctx)
	rep, err = dst.ImportW3C(ctx, anns)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := dst.Revision(ctx)
	if rep.Created != 0 || rep.Duplicates != 7 || before != after {
		t.Errorf("second import: %+v, revision %d -> %d", rep, before, after)
	}
}

// TestW3CImportReanchors imports into articles whose text moved or changed
// since the export.
func TestW3CImportReanchors(t *testing.T) {
	ctx := context.Background()
	src, storyID := annotatedStore(t)
	anns, err := annotate.ParseW3C(exportW3C(t, src, storyID))
	if err != nil {
		t.Fatal(err)
	}
	dst := mustOpen(t)
	docs := slices.Clone(w3cDocs)
	// The wire gained a paragraph at the top; the lantern lost its claim
	// about the meeting.
	docs[0].Body = "Updated at 18:00 with the mayor's comments.\n\n" + docs[0].Body
	docs[1].Body = strings.Replace(docs[1].Body, "The meeting lasted more than three hours. ", "", 1)
	importDocs(t, dst, docs)
	rep, err := dst.ImportW3C(ctx, anns)
	if err != nil {
		t.Fatal(err)
	}
	outcome := map[string]storage.W3CResult{}
	for _, r := range rep.Results {
		a, _ := dst.Annotation(ctx, r.AnnotationID)
		key := anns[r.Index].Target.Quote.Exact
		outcome[key] = r
		if r.Outcome == storage.W3CCreated && a.Exact != key {
			t.Errorf("%q placed on %q", key, a.Exact)
		}
	}
	if r := outcome["The plan will cost"]; r.Outcome != storage.W3CCreated || r.Anchor != annotate.AnchorMoved {
		t.Errorf("moved text: %+v", r)
	}
	if r := outcome["more than three hours"]; r.Outcome != storage.W3CSkipped || r.Reason == "" {
		t.Errorf("deleted text: %+v", r)
	}
	if rep.Created != 6 || rep.Skipped != 1 {
		t.Errorf("report %+v", rep)
	}
	// The second "The plan will cost" was annotated; it must land on the
	// second occurrence in the new body too.
	for _, r := range rep.Results {
		if anns[r.Index].Target.Quote.Exact != "The plan will cost" {
			continue
		}
		a, _ := dst.Annotation(ctx, r.AnnotationID)
		art, _ := dst.Article(ctx, a.ArticleID)
		tx := annotate.NewText(art.Body)
		first := tx.Rune(strings.Index(art.Body, "The plan will cost"))
		if a.Start == first {
			t.Errorf("re-anchored on the first occurrence (%d), want the second", first)
		}
	}
}

func TestW3CImportSkipsUnknownArticles(t *testing.T) {
	st := mustOpen(t)
	importDocs(t, st, w3cDocs[:1])
	anns, err := annotate.ParseW3C([]byte(`[
		{"type": "Annotation", "target": {"source": "https://nowhere.test/x",
			"selector": {"type": "TextQuoteSelector", "exact": "council"}}},
		{"type": "Annotation", "target": {"source": "urn:factdesk:article:999",
			"selector": {"type": "TextPositionSelector", "start": 0, "end": 3}}},
		{"type": "Annotation", "motivation": "highlighting", "body": {"type": "TextualBody", "value": "from another tool"},
			"target": {"source": "https://coastline-wire.test/harbour-vote",
			"selector": [{"type": "RangeSelector"}, {"type": "TextQuoteSelector", "exact": "Port Alder council"}]}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.ImportW3C(context.Background(), anns)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 2 || rep.Created != 1 || rep.Results[0].Reason == "" || rep.Results[1].Reason == "" {
		t.Fatalf("report %+v", rep)
	}
	a, err := st.Annotation(context.Background(), rep.Results[2].AnnotationID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exact != "Port Alder council" || a.Kind != annotate.KindNote || a.Note != "from another tool" || a.Anchor != annotate.AnchorMoved {
		t.Errorf("foreign highlight stored as %+v", a)
	}
}

// TestW3CImportIsAtomic fails the import's commit: nothing is stored.
func TestW3CImportIsAtomic(t *testing.T) {
	src, storyID := annotatedStore(t)
	anns, err := annotate.ParseW3C(exportW3C(t, src, storyID))
	if err != nil {
		t.Fatal(err)
	}
	dst := mustOpen(t)
	importDocs(t, dst, w3cDocs)
	boom := errors.New("disk full")
	dst.SetHook(func(step string) error {
		if step == "commit" {
			return boom
		}
		return nil
	})
	if _, err := dst.ImportW3C(context.Background(), anns); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	dst.SetHook(nil)
	if got := annotationsOf(t, dst); len(got) != 0 {
		t.Errorf("failed import left %d annotations", len(got))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := dst.ImportW3C(ctx, anns); err == nil {
		t.Error("cancelled import succeeded")
	}
	if got := annotationsOf(t, dst); len(got) != 0 {
		t.Errorf("cancelled import left %d annotations", len(got))
	}
}

func TestFactSheetInput(t *testing.T) {
	ctx := context.Background()
	st, storyID := annotatedStore(t)
	st.SetClock(func() time.Time { return time.Date(2031, 5, 1, 8, 0, 0, 0, time.UTC) })
	anns, err := st.Annotations(ctx, storage.AnnotationFilter{StoryID: storyID})
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.AddFact(ctx, annotate.Fact{StoryID: storyID, Text: "The vote was 7–2", Status: annotate.StatusConfirmed,
		Links: []annotate.FactLink{{AnnotationID: anns[0].ID}}})
	if err != nil {
		t.Fatal(err)
	}
	in, err := st.FactSheetInput(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := st.Revision(ctx)
	if in.Story.ID != storyID || in.Story.Name != "Harbour vote" || len(in.Articles) != 3 || len(in.Annotations) != 7 ||
		len(in.Facts) != 1 || in.Facts[0].ID != f.ID || len(in.Quotes) == 0 || in.Store != "factdesk.db" ||
		in.Revision != rev || !in.GeneratedAt.Equal(time.Date(2031, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("input: story %+v, %d articles, %d annotations, %d facts, %d quotes, store %q rev %d (want %d), at %v",
			in.Story, len(in.Articles), len(in.Annotations), len(in.Facts), len(in.Quotes), in.Store, in.Revision, rev, in.GeneratedAt)
	}
	for _, a := range in.Articles {
		if a.Body != "" {
			t.Error("article bodies read for a fact sheet")
		}
	}
	if _, err := st.FactSheetInput(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown story: %v", err)
	}
	// The sheet of this input renders in every format.
	fs := annotate.BuildFactSheet(in)
	for _, format := range annotate.ExportFormats {
		if err := annotate.Render(&bytes.Buffer{}, fs, format); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
	if filepath.Base(st.Path()) != in.Store {
		t.Errorf("store %q", in.Store)
	}
}

// TestFactSheetInputFindsSyndicatedCopies: an outlet running the wire's
// text is reported as a copy, so the sheet counts the two once.
func TestFactSheetInputFindsSyndicatedCopies(t *testing.T) {
	ctx := context.Background()
	st, storyID := annotatedStore(t)
	wire := w3cDocs[0]
	// A reprint with the agency's credit line added: the same text, not the
	// same bytes.
	cp := newDoc(wire.Story, "Harbour Times", wire.Title, "https://harbour-times.test/council", wire.Body+"\n\nDistributed by Coastline Wire.")
	copyID := mustImport(t, st, cp).ArticleID
	in, err := st.FactSheetInput(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	var wireID int64
	for _, a := range in.Articles {
		if a.Outlet == "Coastline Wire" {
			wireID = a.ID
		}
	}
	want := [][]int64{{min(wireID, copyID), max(wireID, copyID)}}
	if len(in.Syndicated) != 1 || !slices.Equal(in.Syndicated[0], want[0]) {
		t.Fatalf("syndicated %v, want %v", in.Syndicated, want)
	}
	anns, _ := st.Annotations(ctx, storage.AnnotationFilter{StoryID: storyID})
	var link []annotate.FactLink
	for _, a := range anns {
		if a.Outlet == "Coastline Wire" || a.Outlet == "Daily Lantern" {
			link = append(link, annotate.FactLink{AnnotationID: a.ID})
		}
	}
	if _, err := st.AddFact(ctx, annotate.Fact{StoryID: storyID, Text: "Approved", Links: link}); err != nil {
		t.Fatal(err)
	}
	if in, err = st.FactSheetInput(ctx, storyID); err != nil {
		t.Fatal(err)
	}
	f := annotate.BuildFactSheet(in).Facts[0]
	if len(f.Supporters) != 2 || f.Supporters[0].String() != "Coastline Wire (also Harbour Times)" ||
		len(f.Silent) != 1 || f.Silent[0].String() != "Riverside Blog" {
		t.Errorf("supporters %v silent %v", f.Supporters, f.Silent)
	}
}
