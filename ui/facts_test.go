package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// sampleStory is the sample corpus story the fact tests work on: five
// outlets, two of which (Northgate Gazette, Harbourwatch) run Coastline
// Press Agency's wire copy.
const sampleStory = "Northgate Quay vote"

// newSampleHarness is a window on a store seeded with the embedded sample
// corpus (without its later versions), on sampleStory.
func newSampleHarness(t *testing.T) *harness {
	t.Helper()
	return newCorpusHarness(t, sampleStory)
}

// openStory makes the story named name current.
func (h *harness) openStory(name string) {
	h.t.Helper()
	for _, s := range h.w.nav.stories {
		if s.Name == name {
			h.w.nav.selectNode(storyNode(s.ID))
			h.w.selectStory(s.ID)
			h.settle()
			return
		}
	}
	h.t.Fatalf("no story %q", name)
}

// showIn loads the current story's article from outlet into pane i,
// adding panes as needed.
func (h *harness) showIn(i int, outlet string) *paneView {
	h.t.Helper()
	for h.w.panes.list.len() <= i {
		h.w.addPane()
	}
	v := h.w.panes.list.items[i]
	for _, a := range h.w.articles[h.w.storyID] {
		if a.Outlet == outlet {
			h.w.loadPane(v, a.ID, nil)
			h.settle()
			return v
		}
	}
	h.t.Fatalf("the story has no article from %s", outlet)
	return nil
}

// storeFacts reads the current story's facts from the store.
func (h *harness) storeFacts() []annotate.Fact {
	h.t.Helper()
	fs, err := h.st.Facts(context.Background(), h.w.storyID)
	if err != nil {
		h.t.Fatal(err)
	}
	return fs
}

// newFact selects each passage (outlet → text) in its own pane, presses
// Ctrl+Shift+A and submits the dialog with text and status, returning the
// stored fact.
func (h *harness) newFact(text string, status annotate.Status, passages ...[2]string) annotate.Fact {
	h.t.Helper()
	for i, p := range passages {
		h.selectText(h.showIn(i, p[0]), p[1])
	}
	before := len(h.storeFacts())
	h.shortcut(newFactShortcut())
	f := h.w.facts.form
	if f == nil || f.text == nil {
		h.t.Fatal("Ctrl+Shift+A opened no New fact dialog")
	}
	f.text.SetText(text)
	f.status.SetSelected(string(status))
	f.dlg.Submit()
	h.settle()
	facts := h.storeFacts()
	if len(facts) != before+1 {
		h.t.Fatalf("store holds %d facts, want %d", len(facts), before+1)
	}
	return facts[len(facts)-1]
}

// buttons lists the buttons inside containers below o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		return []*widget.Button{x}
	case *fyne.Container:
		var out []*widget.Button
		for _, c := range x.Objects {
			out = append(out, buttons(c)...)
		}
		return out
	}
	return nil
}

// tapTexts lists the clickable passages inside containers below o.
func tapTexts(o fyne.CanvasObject) []*tapText {
	switch x := o.(type) {
	case *tapText:
		return []*tapText{x}
	case *fyne.Container:
		var out []*tapText
		for _, c := range x.Objects {
			out = append(out, tapTexts(c)...)
		}
		return out
	}
	return nil
}

func TestNewFactFromSelectionsInTwoPanes(t *testing.T) {
	h := newSampleHarness(t)
	w := h.w
	wire := h.showIn(0, "Coastline Press Agency")
	std := h.showIn(1, "The Ellery Standard")
	h.selectText(wire, "Port Ellery City Council voted 7–4 on Tuesday night")
	h.selectText(std, "By seven votes to four, councillors approved")

	h.shortcut(newFactShortcut())
	form := w.facts.form
	if form == nil || form.text == nil {
		t.Fatal("no New fact dialog")
	}
	if got := form.text.Text; got != "Port Ellery City Council voted 7–4 on Tuesday night" {
		t.Errorf("text prefilled with %q, want the first pane's selection", got)
	}
	if len(form.passages) != 2 || form.passages[0].outlet != "Coastline Press Agency" || form.passages[1].outlet != "The Ellery Standard" {
		t.Fatalf("passages %+v", form.passages)
	}
	form.text.SetText("The council approved the plan by 7 votes to 4")
	form.status.SetSelected(string(annotate.StatusConfirmed))
	form.note.SetText("Checked against the council minutes.")
	form.dlg.Submit()
	h.settle()

	// The store holds two new fact annotations and the fact linking both.
	anns := h.storeAnnotations()
	if len(anns) != 2 {
		t.Fatalf("store holds %d annotations, want 2", len(anns))
	}
	byText := map[string]annotate.Annotation{}
	for _, a := range anns {
		if a.Kind != annotate.KindFact {
			t.Errorf("annotation %d is a %s, want a fact", a.ID, a.Kind)
		}
		byText[a.Exact] = a
	}
	a1, ok1 := byText["Port Ellery City Council voted 7–4 on Tuesday night"]
	a2, ok2 := byText["By seven votes to four, councillors approved"]
	if !ok1 || !ok2 || a1.Outlet != "Coastline Press Agency" || a2.Outlet != "The Ellery Standard" {
		t.Fatalf("stored annotations %+v", anns)
	}
	facts := h.storeFacts()
	if len(facts) != 1 {
		t.Fatalf("store holds %d facts", len(facts))
	}
	f := facts[0]
	if f.Text != "The council approved the plan by 7 votes to 4" || f.Status != annotate.StatusConfirmed || f.Note != "Checked against the council minutes." {
		t.Errorf("stored fact %+v", f)
	}
	want := []annotate.FactLink{{AnnotationID: a1.ID}, {AnnotationID: a2.ID}}
	slices.SortFunc(want, func(x, y annotate.FactLink) int { return compareInt64(x.AnnotationID, y.AnnotationID) })
	if !slices.Equal(f.Links, want) {
		t.Errorf("links %+v, want %+v", f.Links, want)
	}

	// The selections are used up, the tagging steps undo like any other,
	// and the panel shows the new fact, selected, on the Facts tab.
	if !wire.reading.Selection().Empty() || !std.reading.Selection().Empty() {
		t.Error("selections still set after creating the fact")
	}
	if c, ok := w.hist.peekUndo(); !ok || c.describe() != "tag as fact" {
		t.Errorf("undo step %+v", c)
	}
	p := w.facts
	if p.tabs.Selected() != p.tab || p.tab.Text != "Facts (1)" {
		t.Errorf("facts tab selected %v, titled %q", p.tabs.Selected() == p.tab, p.tab.Text)
	}
	if p.selected != f.ID || p.text.Text != f.Text || p.status.Selected != "confirmed" || p.note.Text != f.Note {
		t.Errorf("detail shows fact %d %q %q %q", p.selected, p.text.Text, p.status.Selected, p.note.Text)
	}
	if got := len(p.supporting.Objects); got != 2 {
		t.Errorf("%d supporting passages listed, want 2", got)
	}
}

func TestFactPanelOutletsCountSyndicatedCopiesOnce(t *testing.T) {
	h := newSampleHarness(t)
	f := h.newFact("Mayor Adeyemi said the fleet stays", annotate.StatusDisputed,
		[2]string{"Coastline Press Agency", "Adeyemi insisted the fleet’s place was guaranteed"})

	// The Evening Bugle credits the words to someone else: tag its quote
	// first, then add that same span to the fact as a contradiction.
	bugle := h.tag("The Evening Bugle", "“The fleet stays,” said Falk.", annotate.KindQuote)
	v := h.paneShowing("The Evening Bugle")
	h.selectText(v, "“The fleet stays,” said Falk.")
	h.shortcut(addToFactShortcut())
	form := h.w.facts.form
	if form == nil || form.fact == nil {
		t.Fatal("Ctrl+Shift+L opened no Add to fact dialog")
	}
	if i := form.fact.SelectedIndex(); i < 0 || form.factIDs[i] != f.ID {
		t.Errorf("dialog preselects %v, want fact %d", form.fact.Selected, f.ID)
	}
	if form.passages[0].existing.ID != bugle.ID {
		t.Errorf("passage does not reuse the quote annotation %d: %+v", bugle.ID, form.passages[0])
	}
	form.contradicts.SetChecked(true)
	form.dlg.Submit()
	h.settle()

	// The quote is linked as it is: no second annotation on the span.
	n := 0
	for _, a := range h.storeAnnotations() {
		if a.Exact == bugle.Exact {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d annotations on the Bugle span, want the one quote", n)
	}
	got := h.storeFacts()[0]
	if !slices.Contains(got.Links, annotate.FactLink{AnnotationID: bugle.ID, Contradicts: true}) {
		t.Errorf("links %+v lack the contradicting quote %d", got.Links, bugle.ID)
	}

	// The panel names the outlets as BuildFactSheet counts them: the wire
	// copy in the Gazette and on Harbourwatch counts once, with the wire.
	p := h.w.facts
	sf, _, ok := p.fact(f.ID)
	if !ok {
		t.Fatal("fact not in the panel")
	}
	tests := []struct {
		name    string
		label   *widget.Label
		voices  []annotate.Voice
		has     []string
		hasNot  []string
		fromRow string
	}{
		{"for", p.supporters, sf.Supporters, []string{"Coastline Press Agency (also "}, []string{"The Evening Bugle"}, "For: "},
		{"against", p.contradictors, sf.Contradictors, []string{"The Evening Bugle"}, []string{"Coastline"}, "Against: "},
		{"silent", p.silent, sf.Silent, []string{"The Ellery Standard"}, []string{"Northgate Gazette", "Bugle", "Coastline"}, "Silent: "},
	}
	summary := factSummary(sf)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.label.Text != voiceNames(tt.voices) {
				t.Errorf("label %q, sheet says %q", tt.label.Text, voiceNames(tt.voices))
			}
			for _, s := range tt.has {
				if !strings.Contains(tt.label.Text, s) {
					t.Errorf("%q lacks %q", tt.label.Text, s)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(tt.label.Text, s) {
					t.Errorf("%q names %q", tt.label.Text, s)
				}
			}
			if !strings.Contains(summary, tt.fromRow+voiceNames(tt.voices)) {
				t.Errorf("list row %q lacks %q", summary, tt.fromRow+voiceNames(tt.voices))
			}
		})
	}
	if got := len(p.contradicting.Objects); got != 1 {
		t.Errorf("%d contradicting passages listed, want 1", got)
	}
}

func TestFactPanelEditOpenUnlinkDelete(t *testing.T) {
	h := newSampleHarness(t)
	w := h.w
	f := h.newFact("Around 40 boats still land at the quay", annotate.StatusUnverified,
		[2]string{"Coastline Press Agency", "Around 40 boats, most of them small crabbers and trawlers, still land their catch at the quay."},
		[2]string{"The Evening Bugle", "Around 40 boats still land their catch at the quay"})
	p := w.facts

	// Typing saves after the pause, like the annotation editor.
	p.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	test.Type(p.text, ", most of them crabbers")
	if !p.dirty() {
		t.Error("edit not waiting for the pause")
	}
	h.settle()
	if got := h.storeFacts()[0].Text; got != "Around 40 boats still land at the quay, most of them crabbers" {
		t.Errorf("stored text %q", got)
	}
	if got := p.sheet.Facts[0].Text; got != "Around 40 boats still land at the quay, most of them crabbers" {
		t.Errorf("list shows %q", got)
	}
	test.Type(p.note, "Harbour master to confirm")
	p.status.SetSelected(string(annotate.StatusConfirmed)) // saves the note first, then the status
	h.settle()
	if got := h.storeFacts()[0]; got.Note != "Harbour master to confirm" || got.Status != annotate.StatusConfirmed {
		t.Errorf("stored note %q status %s", got.Note, got.Status)
	}
	// Emptying the text is not saved: a fact needs its text.
	p.text.SetText("  ")
	h.settle()
	if got := h.storeFacts()[0].Text; got == "" || got == "  " {
		t.Errorf("empty text saved: %q", got)
	}
	p.text.SetText("Around 40 boats still land at the quay")
	h.settle()

	// Clicking a passage opens its article, scrolled to it, and selects
	// its annotation.
	sf, _, _ := p.fact(f.ID)
	passages := tapTexts(p.supporting)
	if len(passages) != 2 {
		t.Fatalf("%d passages to click, want 2", len(passages))
	}
	w.panes.list.items[0].showEmpty()
	w.panes.list.items[1].showEmpty()
	w.activatePane(w.panes.list.items[0])
	test.Tap(passages[1])
	h.settle()
	e := sf.Supporting[1]
	if w.selected != e.AnnotationID || w.panes.active().article.ID != e.ArticleID {
		t.Errorf("clicking %s's passage selected %d in article %d, want %d in %d",
			e.Outlet, w.selected, w.panes.active().article.ID, e.AnnotationID, e.ArticleID)
	}

	// The remove button unlinks a passage; its annotation stays.
	var unlink *widget.Button
	for _, b := range buttons(p.supporting.Objects[0]) {
		if b.Icon != nil && b.Icon.Name() == theme.ContentRemoveIcon().Name() {
			unlink = b
		}
	}
	if unlink == nil {
		t.Fatal("no unlink button on the first passage")
	}
	test.Tap(unlink)
	h.settle()
	if got := h.storeFacts()[0].Links; len(got) != 1 || got[0].AnnotationID != sf.Supporting[1].AnnotationID {
		t.Errorf("links after unlinking %+v", got)
	}
	if len(h.storeAnnotations()) != 2 || len(p.supporting.Objects) != 1 {
		t.Errorf("after unlinking: %d annotations, %d passages listed", len(h.storeAnnotations()), len(p.supporting.Objects))
	}

	// Delete asks first; the annotations stay.
	test.Tap(p.del)
	if p.confirm == nil {
		t.Fatal("delete did not ask")
	}
	p.confirm.Confirm()
	h.settle()
	if n := len(h.storeFacts()); n != 0 {
		t.Fatalf("%d facts after deleting", n)
	}
	if len(h.storeAnnotations()) != 2 || len(p.sheet.Facts) != 0 || p.detail.Visible() || !p.empty.Visible() {
		t.Errorf("after delete: %d annotations, %d facts listed, detail shown %v",
			len(h.storeAnnotations()), len(p.sheet.Facts), p.detail.Visible())
	}
}

func TestFactEditSavedOnClose(t *testing.T) {
	h := newSampleHarness(t)
	h.newFact("The debate lasted four hours", annotate.StatusUnverified,
		[2]string{"The Ellery Standard", "after four hours of debate"})
	p := h.w.facts
	p.note.SetText("Gallery was full")
	if !p.dirty() {
		t.Fatal("note edit not pending")
	}
	if err := h.w.shutdown(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := h.storeFacts()[0].Note; got != "Gallery was full" {
		t.Errorf("note after close %q", got)
	}
}

func TestFactDeletedAnnotationLeavesFact(t *testing.T) {
	h := newSampleHarness(t)
	h.newFact("1,200 homes are planned", annotate.StatusConfirmed,
		[2]string{"Coastline Press Agency", "promises 1,200 homes"},
		[2]string{"The Ellery Standard", "with 1,200 homes"})
	w := h.w
	// Deleting one of the fact's annotations in the editor drops its link;
	// the panel follows without a manual reload, and undo brings the
	// annotation back.
	a, ok := w.annotation(w.facts.sheet.Facts[0].Supporting[0].AnnotationID)
	if !ok {
		t.Fatal("passage annotation not loaded")
	}
	w.deleteAnnotation(a)
	h.settle()
	if got := len(w.facts.sheet.Facts[0].Supporting); got != 1 {
		t.Errorf("%d supporting passages after deleting one annotation, want 1", got)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if n := len(h.storeAnnotations()); n != 2 {
		t.Errorf("undo left %d annotations", n)
	}
}

func TestPassageHelpers(t *testing.T) {
	sp := annotate.Span{Start: 4, End: 9}
	anns := []annotate.Annotation{
		{ID: 1, ArticleID: 7, Span: sp, Kind: annotate.KindNote},
		{ID: 2, ArticleID: 7, Span: sp, Kind: annotate.KindQuote},
		{ID: 3, ArticleID: 7, Span: annotate.Span{Start: 4, End: 10}, Kind: annotate.KindFact},
		{ID: 4, ArticleID: 8, Span: sp, Kind: annotate.KindFact},
		{ID: 5, ArticleID: 7, Span: sp, Kind: annotate.KindFact, Anchor: annotate.AnchorOrphaned},
	}
	tests := []struct {
		name    string
		anns    []annotate.Annotation
		article int64
		want    int64
	}{
		{"quote before note", anns, 7, 2},
		{"fact first", append(slices.Clone(anns), annotate.Annotation{ID: 6, ArticleID: 7, Span: sp, Kind: annotate.KindFact}), 7, 6},
		{"other article", anns, 8, 4},
		{"none", anns, 9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := existingAnnotation(tt.anns, tt.article, sp)
			if got.ID != tt.want || ok != (tt.want != 0) {
				t.Errorf("got %d %v, want %d", got.ID, ok, tt.want)
			}
		})
	}

	f := annotate.SheetFact{ID: 3,
		Supporters: []annotate.Voice{{Outlets: []string{"Wire", "Gazette"}}, {Outlets: []string{"Standard"}}},
		Silent:     []annotate.Voice{{Outlets: []string{"Bugle"}}}}
	if got, want := factSummary(f), "#3 · For: Wire (also Gazette), Standard · Silent: Bugle"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got, want := factSummary(annotate.SheetFact{ID: 4}), "#4 · no passages yet"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	ps := []factPassage{{outlet: "Wire", existing: annotate.Annotation{ID: 1, Kind: annotate.KindQuote}}, {outlet: "Bugle"}}
	if got, want := passagesSummary(ps), "2 passages: Wire (tagged quote), Bugle (new fact annotation)"; got != want {
		t.Errorf("passages %q, want %q", got, want)
	}
}
