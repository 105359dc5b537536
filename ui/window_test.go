package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
	"factdesk/storage"
	"factdesk/storage/ingest"
	"factdesk/ui/reading"
)

// testDocs are two fictional stories: three outlets on a harbour bridge
// vote, one on school meals.
var testDocs = []annotate.Document{
	{Meta: annotate.Meta{Story: "Harbour bridge vote", Outlet: "Northport Courier", Title: "Council backs harbour bridge",
		URL: "https://courier.example/bridge", Published: day("2031-04-02")},
		Body: "The council voted nine to four on Tuesday to fund the harbour bridge.\n\n" +
			"\"We will build it by spring,\" said Mayor Ilse Varga after the vote.\n\n" +
			"Opponents said the cost, put at 40 million, was too high."},
	{Meta: annotate.Meta{Story: "Harbour bridge vote", Outlet: "Valley Gazette", Title: "Bridge vote splits council",
		Published: day("2031-04-03")},
		Body: "Councillors split over the harbour bridge on Tuesday, approving it nine votes to four.\n\n" +
			"\"We will build the bridge by spring,\" Mayor Ilse Varga told reporters.\n\n" +
			"Café owners on the quay welcomed the decision."},
	{Meta: annotate.Meta{Story: "Harbour bridge vote", Outlet: "Lakeside Bulletin", Title: "Bridge gets the nod",
		Published: day("2031-04-03")},
		Body: "The harbour bridge won council approval on Tuesday.\n\nWork could start within weeks."},
	{Meta: annotate.Meta{Story: "School meals", Outlet: "Valley Gazette", Title: "Free meals extended",
		Published: day("2031-05-10")},
		Body: "Free school meals will continue through the summer, the education board said."},
}

// harness is a window on a real store in a temp folder, with the UI
// goroutine simulated by a queue the test drains.
type harness struct {
	t    *testing.T
	q    *queue
	st   *storage.Store
	path string
	w    *window
}

func newHarness(t *testing.T) *harness { return newHarnessPolling(t, 0) }

// newHarnessPolling is newHarness with the window polling the store's
// revision every pollEvery (0: never).
func newHarnessPolling(t *testing.T, pollEvery time.Duration) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range testDocs {
		if _, err := st.ImportDocument(ctx, d); err != nil {
			t.Fatalf("import %s: %v", d.Title, err)
		}
	}
	if err := ingest.Rematch(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, q: &queue{}, st: st, path: path}
	h.w = newWindow(ctx, a, Config{Store: st, Path: path, Version: "test"}, windowOptions{post: h.q.post, pollEvery: pollEvery})
	h.w.win.Resize(fyne.NewSize(1400, 860))
	t.Cleanup(func() {
		if h.w.pollStop != nil {
			h.w.pollStop()
		}
		h.w.flush()
		h.settle()
		h.w.win.Close()
	})
	h.w.start()
	h.settle()
	return h
}

func (h *harness) settle() { h.t.Helper(); h.q.settle(h.t, h.w.wk) }

// storeAnnotations reads the story's annotations straight from the store.
func (h *harness) storeAnnotations() []annotate.Annotation {
	h.t.Helper()
	anns, err := h.st.Annotations(context.Background(), storage.AnnotationFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	return anns
}

// paneShowing returns the pane showing the current story's article from
// outlet, opening it in the active pane when no pane shows it.
func (h *harness) paneShowing(outlet string) *paneView {
	h.t.Helper()
	for _, v := range h.w.panes.list.items {
		if v.article.Outlet == outlet {
			return v
		}
	}
	for _, a := range h.w.articles[h.w.storyID] {
		if a.Outlet == outlet {
			h.w.openArticle(a.ID, nil)
			h.settle()
			return h.w.panes.active()
		}
	}
	h.t.Fatalf("the story has no article from %s", outlet)
	return nil
}

// selectText selects the first occurrence of sub in pane v.
func (h *harness) selectText(v *paneView, sub string) annotate.Span {
	h.t.Helper()
	i := strings.Index(v.article.Body, sub)
	if i < 0 {
		h.t.Fatalf("%q not in %s", sub, v.article.Outlet)
	}
	start := annotate.RuneLen(v.article.Body[:i])
	sp := annotate.Span{Start: start, End: start + annotate.RuneLen(sub)}
	v.reading.SetSelection(sp)
	return sp
}

// shortcut delivers a shortcut as the desktop driver does when no text
// field has the focus.
func (h *harness) shortcut(s fyne.Shortcut) {
	h.w.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
	h.settle()
}

// tag selects sub in the outlet's pane and tags it with the shortcut for
// kind, returning the stored annotation.
func (h *harness) tag(outlet, sub string, kind annotate.Kind) annotate.Annotation {
	h.t.Helper()
	v := h.paneShowing(outlet)
	h.w.activatePane(v)
	h.selectText(v, sub)
	before := len(h.storeAnnotations())
	h.shortcut(kindShortcut(kind))
	anns := h.storeAnnotations()
	if len(anns) != before+1 {
		h.t.Fatalf("store holds %d annotations after tagging, want %d", len(anns), before+1)
	}
	for _, a := range anns {
		if a.Exact == sub {
			return a
		}
	}
	h.t.Fatalf("no stored annotation of %q", sub)
	return annotate.Annotation{}
}

func TestWindowOpensFirstStory(t *testing.T) {
	h := newHarness(t)
	w := h.w

	var names []string
	for _, s := range w.nav.view.stories {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"Harbour bridge vote", "School meals"}) {
		t.Fatalf("navigator lists %v", names)
	}
	if kids := w.nav.children(storyNode(w.nav.view.stories[0].ID)); len(kids) != 3 {
		t.Errorf("first story lists %d articles, want 3", len(kids))
	}
	if w.storyID != w.nav.view.stories[0].ID {
		t.Errorf("current story %d, want the first", w.storyID)
	}
	// The reading area at this size fits two panes at a reading width.
	if n := w.panes.list.len(); n < 2 || n > 3 {
		t.Fatalf("%d panes open", n)
	}
	for i, v := range w.panes.list.items {
		if v.article.ID == 0 || v.article.Body == "" {
			t.Errorf("pane %d is empty", i)
		}
		if v.title.Text != v.article.Title || v.outlet.Text != v.article.Outlet {
			t.Errorf("pane %d header: %q / %q", i, v.outlet.Text, v.title.Text)
		}
	}
	if got := w.win.Title(); got != "Factdesk — factdesk.db" {
		t.Errorf("title %q", got)
	}

	// Selecting the other story replaces the panes.
	meals := w.nav.view.stories[1]
	w.nav.tree.Select(storyNode(meals.ID))
	h.settle()
	if w.storyID != meals.ID || w.panes.list.len() != 1 || w.panes.active().article.Title != "Free meals extended" {
		t.Errorf("after selecting %q: story %d, %d panes, active shows %q",
			meals.Name, w.storyID, w.panes.list.len(), w.panes.active().article.Title)
	}

	// The filter box narrows the navigator.
	w.nav.filter.SetText("gazette meals")
	if len(w.nav.view.stories) != 1 || w.nav.view.stories[0].ID != meals.ID {
		t.Errorf("filter kept %v", w.nav.view.stories)
	}
	w.nav.filter.SetText("")
}

func TestWindowTagEditUndoRedo(t *testing.T) {
	h := newHarness(t)
	w := h.w

	a := h.tag("Valley Gazette", "approving it nine votes to four", annotate.KindFact)
	if a.Kind != annotate.KindFact || a.Outlet != "Valley Gazette" || a.Prefix == "" {
		t.Errorf("stored %+v", a)
	}
	// The sidebar lists it, the editor shows it, the pane highlights it.
	if rows := rowIDs(w.side.rows); !slices.Equal(rows, []string{itoa(a.ID)}) {
		t.Errorf("sidebar rows %v", rows)
	}
	if w.selected != a.ID || !w.editor.has || w.editor.kind.Selected != "fact" {
		t.Errorf("editor not on the new annotation: selected %d", w.selected)
	}
	v := h.paneShowing("Valley Gazette")
	if hs := paneHighlights(v.anns, v.quotes, false); !slices.ContainsFunc(hs, func(x reading.Highlight) bool { return x.ID == a.ID }) {
		t.Error("pane does not highlight the annotation")
	}

	// Typing a note saves it after the debounce, as one undo step.
	test.Type(w.editor.note, "Checked against the minutes.")
	h.settle()
	got := h.storeAnnotations()[0]
	if got.Note != "Checked against the minutes." {
		t.Fatalf("note in store %q", got.Note)
	}
	// Tags and status save too.
	w.editor.tags.SetText("bridge, council")
	w.editor.status.SetSelected(string(annotate.StatusConfirmed))
	h.settle()
	got = h.storeAnnotations()[0]
	if !slices.Equal(got.Tags, []string{"bridge", "council"}) || got.Status != annotate.StatusConfirmed {
		t.Fatalf("store has tags %v status %s", got.Tags, got.Status)
	}

	// Undo walks back status, tags, note, and finally the annotation.
	h.shortcut(&fyne.ShortcutUndo{})
	if got := h.storeAnnotations()[0]; got.Status != annotate.StatusUnverified || len(got.Tags) != 2 {
		t.Errorf("after one undo: status %s tags %v", got.Status, got.Tags)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	h.shortcut(&fyne.ShortcutUndo{})
	if got := h.storeAnnotations()[0]; got.Note != "" || len(got.Tags) != 0 {
		t.Errorf("after three undos: note %q tags %v", got.Note, got.Tags)
	}
	if w.editor.note.Text != "" {
		t.Errorf("editor still shows note %q", w.editor.note.Text)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if n := len(h.storeAnnotations()); n != 0 {
		t.Fatalf("undoing the create left %d annotations", n)
	}
	if len(w.side.rows) != 0 || w.selected != 0 {
		t.Errorf("sidebar still lists %v, selected %d", rowIDs(w.side.rows), w.selected)
	}

	// Redo brings it back under the same id, then its edits.
	h.shortcut(redoShortcut)
	back := h.storeAnnotations()
	if len(back) != 1 || back[0].ID != a.ID {
		t.Fatalf("redo restored %+v", back)
	}
	for range 3 {
		h.shortcut(&fyne.ShortcutRedo{})
	}
	got = h.storeAnnotations()[0]
	if got.Note != "Checked against the minutes." || got.Status != annotate.StatusConfirmed {
		t.Errorf("after redoing all: note %q status %s", got.Note, got.Status)
	}
	if _, ok := w.hist.peekRedo(); ok {
		t.Error("redo stack not empty")
	}

	// Delete is undoable too.
	w.editor.del.OnTapped()
	h.settle()
	if n := len(h.storeAnnotations()); n != 0 {
		t.Fatalf("delete left %d annotations", n)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if back := h.storeAnnotations(); len(back) != 1 || back[0].Note != "Checked against the minutes." {
		t.Errorf("undo delete restored %+v", back)
	}
}

func TestWindowQuoteSpeakerAndFilters(t *testing.T) {
	h := newHarness(t)
	w := h.w

	fact := h.tag("Northport Courier", "voted nine to four", annotate.KindFact)
	q := h.tag("Valley Gazette", "We will build the bridge by spring", annotate.KindQuote)
	// Set a speaker through the editor, as an editor would when the quote
	// engine offers none.
	if w.selected != q.ID {
		t.Fatalf("editor on %d, want the quote %d", w.selected, q.ID)
	}
	w.editor.speaker.SetText("Mayor Ilse Varga")
	h.settle()
	if got := h.storeAnnotations(); !slices.ContainsFunc(got, func(a annotate.Annotation) bool {
		return a.ID == q.ID && a.Speaker == "Mayor Ilse Varga"
	}) {
		t.Fatalf("speaker not saved: %+v", got)
	}

	tests := []struct {
		name string
		set  func()
		want []string
	}{
		{"kind", func() { w.side.kind.SetSelected("quote") }, []string{itoa(q.ID)}},
		{"outlet", func() { w.side.outlet.SetSelected("Northport Courier") }, []string{itoa(fact.ID)}},
		{"speaker", func() { w.side.speaker.SetSelected("Mayor Ilse Varga") }, []string{itoa(q.ID)}},
		{"status", func() { w.side.status.SetSelected("false") }, nil},
		{"cleared", func() { w.side.clear.OnTapped() }, []string{itoa(fact.ID), itoa(q.ID)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.side.resetFilter()
			tt.set()
			if got := rowIDs(w.side.rows); !slices.Equal(got, tt.want) {
				t.Errorf("rows %v, want %v", got, tt.want)
			}
		})
	}

	// Choosing an annotation in the sidebar opens and reveals it.
	w.side.resetFilter()
	i := slices.IndexFunc(w.side.rows, func(r sidebarRow) bool { return r.ann.ID == fact.ID })
	w.side.list.Select(i)
	h.settle()
	if w.selected != fact.ID || w.editor.cur.ID != fact.ID {
		t.Errorf("selected %d, want %d", w.selected, fact.ID)
	}
	if w.panes.active().article.ID != fact.ArticleID {
		t.Errorf("active pane shows %d, want the fact's article %d", w.panes.active().article.ID, fact.ArticleID)
	}
}

func TestWindowSearchOpensHit(t *testing.T) {
	h := newHarness(t)
	w := h.w
	w.search.run("café")
	h.settle()
	if len(w.search.hits) == 0 {
		t.Fatal("no hits for café")
	}
	if !w.search.results.Visible() {
		t.Error("results not shown")
	}
	w.search.list.Select(0)
	h.settle()
	v := w.panes.active()
	if v.article.Outlet != "Valley Gazette" {
		t.Fatalf("active pane shows %q", v.article.Outlet)
	}
	if got := strings.ToLower(v.reading.SelectedText()); got != "café" {
		t.Errorf("selected %q", got)
	}
	w.search.clear()
	if w.search.results.Visible() {
		t.Error("results still shown after clearing")
	}
}

func TestWindowPanes(t *testing.T) {
	h := newHarness(t)
	w := h.w
	n := w.panes.list.len()
	w.addPane()
	if w.panes.list.len() != n+1 || w.panes.active().article.ID != 0 {
		t.Fatalf("add pane: %d panes, active shows %d", w.panes.list.len(), w.panes.active().article.ID)
	}
	// Opening an article from the navigator fills the active (new) pane.
	arts := w.articles[w.storyID]
	last := arts[len(arts)-1]
	w.nav.tree.Select(articleNode(last.ID))
	h.settle()
	if w.panes.active().article.ID != last.ID {
		t.Errorf("active pane shows %d, want %d", w.panes.active().article.ID, last.ID)
	}
	first := w.panes.list.items[0]
	w.movePane(first, +1)
	if w.panes.list.items[1] != first {
		t.Error("move right did not swap")
	}
	w.removePane(first)
	if w.panes.list.len() != n || slices.Contains(w.panes.list.items, first) {
		t.Error("remove pane failed")
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestWindowTagDetectedQuote(t *testing.T) {
	h := newHarness(t)
	w := h.w
	v := h.paneShowing("Northport Courier")
	var q annotate.Quote
	for _, x := range v.quotes {
		if strings.Contains(x.Text, "build it by spring") {
			q = x
		}
	}
	if q.ID == 0 {
		t.Fatalf("quote engine found no quote in %q: %+v", v.article.Body, v.quotes)
	}
	// Detected quotes are underlined, with ids apart from annotations'.
	hs := paneHighlights(v.anns, v.quotes, false)
	if !slices.ContainsFunc(hs, func(x reading.Highlight) bool {
		return x.ID == quoteHighlightID(q.ID) && x.Style == reading.HighlightUnderline && x.Span == q.Span
	}) {
		t.Fatal("detected quote not underlined")
	}

	// Clicking it offers to tag it; the button creates a quote annotation
	// with the detected speaker.
	v.reading.OnHighlightTapped(quoteHighlightID(q.ID))
	if !w.editor.offer.Visible() || w.editor.form.Visible() {
		t.Fatal("no offer to tag the detected quote")
	}
	w.tagQuote(w.editor.offered)
	h.settle()
	anns := h.storeAnnotations()
	if len(anns) != 1 || anns[0].Kind != annotate.KindQuote || anns[0].Span != q.Span || anns[0].Speaker != q.Speaker {
		t.Fatalf("stored %+v, want a quote of %v by %q", anns, q.Span, q.Speaker)
	}
	if w.selected != anns[0].ID || w.editor.speaker.Text != q.Speaker {
		t.Errorf("editor shows %d speaker %q", w.selected, w.editor.speaker.Text)
	}
	// The tagged quote is filled, no longer underlined.
	for _, x := range paneHighlights(v.anns, v.quotes, false) {
		if x.Span == q.Span && x.Style == reading.HighlightUnderline {
			t.Error("tagged quote still underlined")
		}
	}

	// The comparison shows the other outlets' versions exactly when the
	// quote engine grouped this quote with others.
	_, others, _, grouped := quoteVariants(anns[0], w.quotes, w.groups)
	if w.compare.obj.Visible() != grouped || len(w.compare.rows.Objects) != len(others) {
		t.Errorf("compare panel visible %v with %d rows; grouped %v with %d others",
			w.compare.obj.Visible(), len(w.compare.rows.Objects), grouped, len(others))
	}
}

func TestWindowSaveOnClose(t *testing.T) {
	h := newHarness(t)
	w := h.w
	h.tag("Northport Courier", "Opponents said the cost", annotate.KindClaim)
	w.editor.note.SetText("Ask the finance office")
	// No settle: the debounce has not fired when the window closes.
	if !w.editor.dirty() {
		t.Fatal("editor not waiting to save")
	}
	if err := w.shutdown(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := h.storeAnnotations()[0].Note; got != "Ask the finance office" {
		t.Errorf("note after close %q", got)
	}
}

func TestWindowSeesOtherProcessChanges(t *testing.T) {
	h := newHarnessPolling(t, 20*time.Millisecond)
	w := h.w
	mine := h.tag("Lakeside Bulletin", "won council approval", annotate.KindFact)

	// Another process (here: another connection to the same file) adds an
	// annotation to an article of the open story.
	ctx := context.Background()
	other, err := storage.Open(ctx, h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	v := h.paneShowing("Lakeside Bulletin")
	a, err := annotate.NewAnnotation(v.article.ID, v.article.Body, annotate.Span{Start: 0, End: 17}, annotate.KindNote)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := other.CreateAnnotation(ctx, a)
	if err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(10 * time.Second)
	for len(w.side.rows) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("window never showed the other process's annotation: rows %v", rowIDs(w.side.rows))
		}
		h.q.runOne()
		time.Sleep(5 * time.Millisecond)
	}
	h.settle()
	got := rowIDs(w.side.rows)
	if !slices.Contains(got, itoa(theirs.ID)) || !slices.Contains(got, itoa(mine.ID)) {
		t.Errorf("rows %v, want both %d and %d", got, mine.ID, theirs.ID)
	}
	if w.selected != mine.ID {
		t.Errorf("reload lost the selection: %d, want %d", w.selected, mine.ID)
	}
	if _, ok := v.annotation(theirs.ID); !ok {
		t.Error("pane does not show the new annotation")
	}
}

func TestWindowImportsDroppedFiles(t *testing.T) {
	h := newHarness(t)
	w := h.w
	dir := t.TempDir()
	doc := "Story: Ferry timetable\nOutlet: Harbour Radio\nTitle: Ferries to run hourly\nDate: 2031-06-01\n\n" +
		"Ferries will run every hour from June, the operator said.\n"
	if err := os.WriteFile(filepath.Join(dir, "ferry.txt"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	w.dropped(fyne.NewPos(10, 10), []fyne.URI{fstorage.NewFileURI(filepath.Join(dir, "ferry.txt"))})
	if !w.importing {
		t.Fatal("import did not start")
	}
	h.settle()
	if w.importing || w.status.busy.Visible() {
		t.Error("progress still shown after the import")
	}
	if !strings.Contains(w.status.msg.Text, "1 imported") {
		t.Errorf("status says %q", w.status.msg.Text)
	}
	if !slices.ContainsFunc(w.nav.stories, func(s annotate.Story) bool { return s.Name == "Ferry timetable" }) {
		t.Errorf("navigator lacks the imported story: %v", w.nav.stories)
	}
}

func TestWindowActivePaneSetsStory(t *testing.T) {
	h := newHarness(t)
	w := h.w
	bridge := w.storyID
	// Open the school meals article in the second pane through search, as
	// an editor following a lead would.
	w.activatePane(w.panes.list.items[1])
	w.search.run("summer")
	h.settle()
	w.search.list.Select(0)
	h.settle()
	meals := w.panes.list.items[1].article.StoryID
	if meals == bridge || w.storyID != meals {
		t.Fatalf("story %d after opening the hit, want %d (not %d)", w.storyID, meals, bridge)
	}
	// Clicking into the first pane, still on the bridge story, switches back.
	w.panes.list.items[0].reading.OnSelectionChanged(annotate.Span{Start: 0, End: 3})
	h.settle()
	if w.storyID != bridge {
		t.Errorf("story %d after activating the first pane, want %d", w.storyID, bridge)
	}
	if len(w.side.all) != 0 || w.side.story.Text() != "Harbour bridge vote" {
		t.Errorf("sidebar on %q with %d annotations", w.side.story.Text(), len(w.side.all))
	}
}

// A search over articles an interrupted import left unindexed indexes them
// first, says so while it does, then finds them.
func TestWindowSearchIndexesPendingArticles(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	const n = indexNotice + 5
	for i := range n {
		doc := annotate.Document{
			Meta: annotate.Meta{Story: "Wire backlog", Outlet: "Wire", Title: fmt.Sprintf("Bulletin %d", i)},
			Body: fmt.Sprintf("Bulletin %d on the ferry timetable, code zq%d.", i, i),
		}
		if _, err := h.st.ImportDocument(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := h.st.PendingIndex(ctx)
	if err != nil || pending < n {
		t.Fatalf("pending = %d, %v; want at least %d", pending, err, n)
	}
	w := h.w
	w.search.run("zq77")
	var seen []string
	deadline := time.Now().Add(15 * time.Second)
	for {
		ran := h.q.runOne()
		if text := w.search.summary.Text; len(seen) == 0 || seen[len(seen)-1] != text {
			seen = append(seen, text)
		}
		if !ran && w.wk.idle() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the search did not finish")
		}
		if !ran {
			time.Sleep(time.Millisecond)
		}
	}
	h.settle()
	if !slices.Contains(seen, indexingText(pending)) {
		t.Errorf("summaries %q; want %q among them", seen, indexingText(pending))
	}
	if len(w.search.hits) != 1 || w.search.hits[0].Title != "Bulletin 77" {
		t.Errorf("hits %+v; want Bulletin 77", w.search.hits)
	}
	if pending, _ := h.st.PendingIndex(ctx); pending != 0 {
		t.Errorf("%d articles still pending", pending)
	}
}
