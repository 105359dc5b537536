package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
	"factdesk/assets"
	"factdesk/storage"
	"factdesk/storage/ingest"
)

// The comparison tests run on the embedded sample corpus: two stories of
// five outlets each, with wire copy, trimmed reprints, split quotes and
// outlets that disagree on who spoke.
const (
	quayStory    = "Northgate Quay vote"
	korvathStory = "Korvath visit to Linden House"
)

// newCorpusHarness is a window on a store seeded with the sample corpus
// (without its later versions), on the story named story.
func newCorpusHarness(t *testing.T, story string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "factdesk.db")
	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if rep := ingest.FS(ctx, st, assets.Sample, assets.SampleDir, []string{"updates"}, nil); !rep.OK() {
		t.Fatalf("seed sample corpus: %s", rep.Summary())
	}
	h := &harness{t: t, q: &queue{}, st: st, path: path}
	h.w = newWindow(ctx, a, Config{Store: st, Path: path, Version: "test"}, windowOptions{post: h.q.post})
	h.w.win.Resize(fyne.NewSize(1400, 860))
	t.Cleanup(func() {
		h.w.flush()
		h.q.settle(t, h.w.wk)
		h.w.win.Close()
	})
	h.w.start()
	h.settle()
	h.openStory(story)
	return h
}

// openQuoteCompare opens the quote comparison with its shortcut.
func (h *harness) openQuoteCompare() *quoteCompare {
	h.t.Helper()
	h.shortcut(compareQuotesShortcut)
	qc := h.w.quoteCmp
	if qc == nil {
		h.t.Fatal("Ctrl+K opened no quote comparison")
	}
	return qc
}

// storeGroups reads the current story's groups from the store.
func (h *harness) storeGroups() []annotate.Group {
	h.t.Helper()
	gs, err := h.st.Groups(context.Background(), h.w.storyID)
	if err != nil {
		h.t.Fatal(err)
	}
	return gs
}

// storeQuotes reads the current story's quotes from the store, by ID.
func (h *harness) storeQuotes() map[int64]annotate.Quote {
	h.t.Helper()
	qs, err := h.st.Quotes(context.Background(), storage.QuoteFilter{StoryID: h.w.storyID})
	if err != nil {
		h.t.Fatal(err)
	}
	m := make(map[int64]annotate.Quote, len(qs))
	for _, q := range qs {
		m[q.ID] = q
	}
	return m
}

// groupOf is the stored group holding quote id, or ID 0.
func groupOf(gs []annotate.Group, id int64) annotate.Group {
	for _, g := range gs {
		if slices.Contains(g.QuoteIDs, id) {
			return g
		}
	}
	return annotate.Group{}
}

// groupByID finds a stored group, or ID 0.
func groupByID(gs []annotate.Group, id int64) annotate.Group {
	for _, g := range gs {
		if g.ID == id {
			return g
		}
	}
	return annotate.Group{}
}

// rematch re-runs the quote matcher on the current story, as every import
// does, so that tests see what survives it.
func (h *harness) rematch() {
	h.t.Helper()
	if err := h.st.RefreshQuotes(context.Background(), h.w.storyID); err != nil {
		h.t.Fatal(err)
	}
}

// showGroupWhere shows the first listed group whose view satisfies ok.
func (h *harness) showGroupWhere(qc *quoteCompare, what string, ok func(annotate.GroupView) bool) annotate.GroupView {
	h.t.Helper()
	for _, s := range qc.m.list {
		qc.selectGroup(s.GroupID)
		if ok(qc.view) {
			return qc.view
		}
	}
	h.t.Fatalf("the story has no group with %s", what)
	return annotate.GroupView{}
}

func TestQuoteCompareListsGroups(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()

	groups := h.storeGroups()
	quotes := h.storeQuotes()
	if len(groups) < 3 {
		t.Fatalf("the sample story has %d quote groups", len(groups))
	}
	if len(qc.m.list) != len(groups) || qc.list.Length() != len(groups) {
		t.Fatalf("list shows %d (widget %d) groups, the store holds %d", len(qc.m.list), qc.list.Length(), len(groups))
	}
	for i, s := range qc.m.list {
		g := groupByID(groups, s.GroupID)
		var outlets []string
		for _, id := range g.QuoteIDs {
			if o := quotes[id].Outlet; !slices.Contains(outlets, o) {
				outlets = append(outlets, o)
			}
		}
		if s.Canonical != g.Canonical || s.Speaker != g.Speaker || s.Conflict != g.Conflict || len(s.Outlets) != len(outlets) {
			t.Errorf("line %d: %+v, store group %+v with %d outlets", i, s, g, len(outlets))
		}
		if i > 0 && len(s.Outlets) > len(qc.m.list[i-1].Outlets) {
			t.Errorf("line %d carries %d outlets, more than the line above: not sorted by outlets", i, len(s.Outlets))
		}
	}
	if !strings.Contains(qc.win.Title(), quayStory) {
		t.Errorf("window title %q", qc.win.Title())
	}
	// The first group is shown: one row per rendering.
	if qc.m.groupID != qc.m.list[0].GroupID || len(qc.rows) != len(qc.view.Rows) || len(qc.rows) < 2 {
		t.Fatalf("shows group %d with %d rows for %d renderings", qc.m.groupID, len(qc.rows), len(qc.view.Rows))
	}
	// Choosing a line in the list shows its group.
	qc.list.Select(2)
	if qc.m.groupID != qc.m.list[2].GroupID || qc.view.GroupID != qc.m.list[2].GroupID {
		t.Errorf("selected line 2, shows group %d", qc.view.GroupID)
	}

	// The window follows the main window to another story.
	for _, s := range h.w.nav.stories {
		if s.Name == korvathStory {
			h.w.selectStory(s.ID)
		}
	}
	h.settle()
	if !strings.Contains(qc.win.Title(), korvathStory) || len(qc.m.list) != len(h.storeGroups()) {
		t.Errorf("after switching story: title %q, %d groups listed", qc.win.Title(), len(qc.m.list))
	}
}

func TestQuoteCompareSortAndFilter(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	groups := h.storeGroups()
	quotes := h.storeQuotes()
	carries := func(g annotate.Group, outlet string) bool {
		return slices.ContainsFunc(g.QuoteIDs, func(id int64) bool { return quotes[id].Outlet == outlet })
	}
	speaker := groups[0].Speaker
	if speaker == "" {
		t.Fatal("first group has no speaker")
	}
	outlet := quotes[groups[len(groups)-1].QuoteIDs[0]].Outlet

	tests := []struct {
		name  string
		set   func()
		check func(ss []annotate.GroupSummary) error
	}{
		{"by disagreement", func() { qc.setOrder(annotate.ByDisagreement) }, func(ss []annotate.GroupSummary) error {
			for i := 1; i < len(ss); i++ {
				if ss[i].MinSimilarity < ss[i-1].MinSimilarity {
					return fmt.Errorf("line %d: similarity %.2f after %.2f", i, ss[i].MinSimilarity, ss[i-1].MinSimilarity)
				}
			}
			if len(ss) != len(groups) {
				return fmt.Errorf("%d lines", len(ss))
			}
			return nil
		}},
		{"by speaker", func() { qc.setOrder(annotate.BySpeaker) }, func(ss []annotate.GroupSummary) error {
			for i := 1; i < len(ss); i++ {
				a, b := strings.ToLower(ss[i-1].Speaker), strings.ToLower(ss[i].Speaker)
				if a == "" && b != "" || a != "" && b != "" && b < a {
					return fmt.Errorf("line %d: speaker %q after %q", i, ss[i].Speaker, ss[i-1].Speaker)
				}
			}
			return nil
		}},
		{"speaker", func() { qc.speakerSel.SetSelected(speaker) }, func(ss []annotate.GroupSummary) error {
			want := 0
			for _, g := range groups {
				if g.Speaker == speaker {
					want++
				}
			}
			last := speaker[strings.LastIndex(speaker, " ")+1:]
			for _, s := range ss {
				if !strings.Contains(s.Speaker, last) {
					return fmt.Errorf("lists %q for speaker %q", s.Speaker, speaker)
				}
			}
			if len(ss) < want {
				return fmt.Errorf("%d lines, %d groups have speaker %q", len(ss), want, speaker)
			}
			return nil
		}},
		{"outlet", func() { qc.outletSel.SetSelected(outlet) }, func(ss []annotate.GroupSummary) error {
			want := 0
			for _, g := range groups {
				if carries(g, outlet) {
					want++
				}
			}
			for _, s := range ss {
				if !carries(groupByID(groups, s.GroupID), outlet) {
					return fmt.Errorf("lists group %d, which %s does not carry", s.GroupID, outlet)
				}
			}
			if len(ss) != want {
				return fmt.Errorf("%d lines, %s carries %d groups", len(ss), outlet, want)
			}
			return nil
		}},
		{"conflicts only", func() { qc.conflicts.SetChecked(true) }, func(ss []annotate.GroupSummary) error {
			want := 0
			for _, g := range groups {
				if g.Conflict {
					want++
				}
			}
			if want == 0 {
				return errors.New("the sample story has no speaker conflict")
			}
			if len(ss) != want || slices.ContainsFunc(ss, func(s annotate.GroupSummary) bool { return !s.Conflict }) {
				return fmt.Errorf("%d lines, %d conflicts", len(ss), want)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qc.setOrder(annotate.ByOutlets)
			qc.setFilter(annotate.GroupFilter{})
			tt.set()
			if err := tt.check(qc.m.list); err != nil {
				t.Error(err)
			}
			if qc.list.Length() != len(qc.m.list) {
				t.Errorf("list widget has %d lines, model %d", qc.list.Length(), len(qc.m.list))
			}
			// The group shown is one the list offers.
			if len(qc.m.list) > 0 && !slices.ContainsFunc(qc.m.list, func(s annotate.GroupSummary) bool { return s.GroupID == qc.view.GroupID }) {
				t.Errorf("shows group %d, filtered out of the list", qc.view.GroupID)
			}
		})
	}
}

// checkRowRuns checks that each row's diff reads as the row's text with
// the reference's dropped words struck in.
func checkRowRuns(t *testing.T, qc *quoteCompare) (styles map[diffStyle]bool) {
	t.Helper()
	styles = map[diffStyle]bool{}
	for i, ru := range qc.rows {
		r := ru.row
		if r.Reference {
			if i != 0 || len(ru.text.runs) != 1 || ru.text.runs[0].Style != styleSame {
				t.Errorf("reference row %d drawn as %+v", i, ru.text.runs)
			}
			continue
		}
		if got := runsText(ru.text.runs, styleSame, styleAdded, stylePunct); got != collapseSpace(r.Text) {
			t.Errorf("%s: row reads %q, text %q", r.Outlet, got, r.Text)
		}
		if got := runsText(ru.text.runs, styleSame, styleDropped, stylePunctDropped); got != collapseSpace(qc.view.ReferenceText) {
			t.Errorf("%s: row without additions reads %q, reference %q", r.Outlet, got, qc.view.ReferenceText)
		}
		for _, run := range ru.text.runs {
			styles[run.Style] = true
		}
	}
	return styles
}

func TestQuoteCompareShowsDiffs(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	seen := map[diffStyle]bool{}
	for _, s := range qc.m.list {
		qc.selectGroup(s.GroupID)
		if len(qc.rows) != len(qc.view.Rows) {
			t.Fatalf("group %d: %d rows for %d renderings", s.GroupID, len(qc.rows), len(qc.view.Rows))
		}
		for st := range checkRowRuns(t, qc) {
			seen[st] = true
		}
	}
	for _, st := range []diffStyle{styleDropped, styleAdded, stylePunct} {
		if !seen[st] {
			t.Errorf("no rendering in the story shows %s words", st)
		}
	}

	// Golden: the quote the Evening Bugle shortened.
	h.showGroupWhere(qc, "the brochure quote", func(v annotate.GroupView) bool {
		return strings.Contains(v.Canonical, "sold a brochure")
	})
	i := slices.IndexFunc(qc.rows, func(ru *variantRowUI) bool { return ru.row.Outlet == "The Evening Bugle" })
	if i < 0 {
		t.Fatal("the Evening Bugle does not carry the brochure quote")
	}
	w := test.NewWindow(container.New(&wrapColumn{}, qc.rows[i].obj))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(720, objectHeight(qc.rows[i].obj, 720)))
	assertMarkup(t, "compare/variant_row.xml", w.Canvas())
}

func TestQuoteCompareReference(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	h.showGroupWhere(qc, "three renderings that differ", func(v annotate.GroupView) bool {
		return len(v.Rows) >= 3 && slices.ContainsFunc(v.Rows, func(r annotate.VariantRow) bool { return r.Similarity < 1 })
	})
	if qc.refReset.Visible() {
		t.Error("offers to go back to the canonical text while comparing with it")
	}
	pick := qc.rows[len(qc.rows)-1]
	if pick.refBtn == nil {
		t.Fatal("the last row offers no Use as reference")
	}
	test.Tap(pick.refBtn)
	if qc.view.ReferenceID != pick.row.QuoteIDs[0] || qc.view.ReferenceText != pick.row.Text {
		t.Fatalf("reference %d %q, want %d %q", qc.view.ReferenceID, qc.view.ReferenceText, pick.row.QuoteIDs[0], pick.row.Text)
	}
	if first := qc.rows[0].row; first.QuoteIDs[0] != pick.row.QuoteIDs[0] || !first.Reference {
		t.Errorf("first row is %s, want the reference %s", first.Outlet, pick.row.Outlet)
	}
	checkRowRuns(t, qc)
	if !qc.refReset.Visible() || !strings.Contains(qc.refNote.Text(), pick.row.Outlet) {
		t.Errorf("reference note %q, reset shown %v", qc.refNote.Text(), qc.refReset.Visible())
	}
	test.Tap(qc.refReset)
	if qc.view.ReferenceID != 0 || qc.view.ReferenceText != qc.view.Canonical {
		t.Errorf("after reset: reference %d", qc.view.ReferenceID)
	}
}

func TestQuoteCompareColumns(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	h.showGroupWhere(qc, "the brochure quote", func(v annotate.GroupView) bool {
		return strings.Contains(v.Canonical, "sold a brochure")
	})
	qc.mode.SetSelected(modeColumns)
	if qc.grid == nil || qc.rows != nil {
		t.Fatal("columns mode shows no grid")
	}
	if len(qc.grid.rows) != len(qc.view.Rows)+1 || qc.grid.labels[1] != qc.view.Rows[0].Outlet {
		t.Errorf("grid rows %d labels %v for %d renderings", len(qc.grid.rows), qc.grid.labels, len(qc.view.Rows))
	}
	if qc.splitBtn.Disabled() == false {
		t.Error("split enabled in columns mode, where nothing can be ticked")
	}
	w := test.NewWindow(container.New(&wrapColumn{}, qc.grid))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(760, qc.grid.heightFor(760)))
	assertMarkup(t, "compare/columns.xml", w.Canvas())

	// A click on a row opens that outlet's article.
	row := qc.view.Rows[1]
	qc.grid.OnTapRow(2)
	h.settle()
	if got := h.w.panes.active().article.ID; got != row.ArticleID {
		t.Errorf("clicking %s's row opened article %d, want %d", row.Outlet, got, row.ArticleID)
	}
	qc.mode.SetSelected(modeDiff)
	if qc.grid != nil || len(qc.rows) != len(qc.view.Rows) {
		t.Error("word diff mode not restored")
	}
}

func TestQuoteCompareOpensVariant(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	h.showGroupWhere(qc, "a quote printed in two parts", func(v annotate.GroupView) bool {
		return slices.ContainsFunc(v.Rows, func(r annotate.VariantRow) bool { return len(r.QuoteIDs) > 1 && !r.InTitle })
	})
	for _, ru := range qc.rows {
		if ru.row.InTitle {
			continue
		}
		test.Tap(ru.text)
		h.settle()
		v := h.w.panes.showing(ru.row.ArticleID)
		if v == nil || v != h.w.panes.active() {
			t.Fatalf("%s: its article is not in the active pane", ru.row.Outlet)
		}
		sel := v.reading.Selection()
		if sel != rowSpan(ru.row) {
			t.Errorf("%s: selection %v, want %v", ru.row.Outlet, sel, rowSpan(ru.row))
		}
		if got := v.reading.SelectedText(); !strings.Contains(collapseSpace(got), collapseSpace(h.storeQuotes()[ru.row.QuoteIDs[0]].Text)) {
			t.Errorf("%s: selected %q", ru.row.Outlet, got)
		}
	}
}

func TestQuoteCompareCorrections(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// act corrects the group shown and returns a func that checks the
		// stored groups, after the correction and again after re-matching.
		act func(t *testing.T, h *harness, qc *quoteCompare) func(gs []annotate.Group) error
	}{
		{"split", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			h.showGroupWhere(qc, "four renderings", func(v annotate.GroupView) bool { return len(v.Rows) >= 4 })
			moved := []*variantRowUI{qc.rows[1], qc.rows[2]}
			for _, ru := range moved {
				test.Tap(ru.check)
			}
			if qc.splitBtn.Disabled() {
				t.Fatal("split disabled with two renderings ticked")
			}
			stay := qc.rows[0].row.QuoteIDs[0]
			test.Tap(qc.splitBtn)
			return func(gs []annotate.Group) error {
				a, b := groupOf(gs, moved[0].row.QuoteIDs[0]), groupOf(gs, moved[1].row.QuoteIDs[0])
				if a.ID == 0 || a.ID != b.ID || a.ID == groupOf(gs, stay).ID || groupOf(gs, stay).ID == 0 {
					return fmt.Errorf("split quotes in groups %d and %d, the rest in %d", a.ID, b.ID, groupOf(gs, stay).ID)
				}
				return nil
			}
		}},
		{"merge", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			_, ids := qc.otherGroups()
			other := ids[len(ids)-1]
			otherQuotes := groupByID(h.storeGroups(), other).QuoteIDs
			mine := qc.view.Rows[0].QuoteIDs[0]
			qc.merge(other)
			return func(gs []annotate.Group) error {
				into := groupOf(gs, mine).ID
				for _, q := range otherQuotes {
					if groupOf(gs, q).ID != into {
						return fmt.Errorf("quote %d in group %d, not merged into %d", q, groupOf(gs, q).ID, into)
					}
				}
				return nil
			}
		}},
		{"move", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			h.showGroupWhere(qc, "three renderings", func(v annotate.GroupView) bool { return len(v.Rows) >= 3 })
			r := qc.view.Rows[len(qc.view.Rows)-1]
			_, ids := qc.otherGroups()
			target := groupByID(h.storeGroups(), ids[0]).QuoteIDs[0]
			qc.move(r, ids[0])
			return func(gs []annotate.Group) error {
				if got, want := groupOf(gs, r.QuoteIDs[0]).ID, groupOf(gs, target).ID; got == 0 || got != want {
					return fmt.Errorf("moved quote in group %d, target's quote in %d", got, want)
				}
				return nil
			}
		}},
		{"canonical", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			h.showGroupWhere(qc, "a one-part rendering other than the canonical", func(v annotate.GroupView) bool {
				return slices.ContainsFunc(v.Rows, func(r annotate.VariantRow) bool { return len(r.QuoteIDs) == 1 && r.Text != v.Canonical })
			})
			i := slices.IndexFunc(qc.view.Rows, func(r annotate.VariantRow) bool { return len(r.QuoteIDs) == 1 && r.Text != qc.view.Canonical })
			r := qc.view.Rows[i]
			if qc.rowMenu(r).Items[3].Disabled {
				t.Fatal("Mark as the canonical text disabled")
			}
			qc.rowMenu(r).Items[3].Action()
			return func(gs []annotate.Group) error {
				if g := groupOf(gs, r.QuoteIDs[0]); g.Canonical != r.Text {
					return fmt.Errorf("canonical %q, want %q", g.Canonical, r.Text)
				}
				return nil
			}
		}},
		{"speaker", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			q := qc.view.Rows[0].QuoteIDs[0]
			qc.setSpeaker("  Harriet Quill ")
			return func(gs []annotate.Group) error {
				if g := groupOf(gs, q); g.Speaker != "Harriet Quill" {
					return fmt.Errorf("speaker %q", g.Speaker)
				}
				return nil
			}
		}},
		{"take out", func(t *testing.T, h *harness, qc *quoteCompare) func([]annotate.Group) error {
			h.showGroupWhere(qc, "three renderings", func(v annotate.GroupView) bool { return len(v.Rows) >= 3 })
			r := qc.view.Rows[len(qc.view.Rows)-1]
			qc.rowMenu(r).Items[5].Action()
			return func(gs []annotate.Group) error {
				if g := groupOf(gs, r.QuoteIDs[0]); g.ID != 0 {
					return fmt.Errorf("quote still in group %d", g.ID)
				}
				return nil
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newCorpusHarness(t, quayStory)
			qc := h.openQuoteCompare()
			before := len(h.storeGroups())
			check := tt.act(t, h, qc)
			h.settle()
			if err := check(h.storeGroups()); err != nil {
				t.Fatalf("after the correction: %v", err)
			}
			if got, err := h.st.Corrections(ctx, h.w.storyID); err != nil || len(got) == 0 {
				t.Fatalf("no correction recorded: %v", err)
			}
			// The window shows the corrected groups.
			if len(qc.m.list) != len(h.storeGroups()) {
				t.Errorf("list shows %d groups, store %d (before %d)", len(qc.m.list), len(h.storeGroups()), before)
			}
			if _, ok := qc.m.group(qc.view.GroupID); !ok || qc.view.GroupID == 0 {
				t.Errorf("shows group %d, not in the story", qc.view.GroupID)
			}
			h.rematch()
			if err := check(h.storeGroups()); err != nil {
				t.Errorf("after re-matching: %v", err)
			}
		})
	}
}

func TestQuoteCompareSpeakerConfirmed(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	speaker := qc.view.Speaker
	if strings.Contains(qc.groupInfo.Text(), "(confirmed)") {
		t.Fatal("speaker shown as confirmed before the editor did")
	}
	qc.setSpeaker(speaker)
	h.settle()
	if !strings.Contains(qc.groupInfo.Text(), speaker+" (confirmed)") {
		t.Errorf("group line %q after confirming %q", qc.groupInfo.Text(), speaker)
	}
}

func TestQuoteCompareAnnotateGroup(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	v := qc.view
	tag := slugTag(v.Canonical)
	want := map[int64]annotate.Span{} // article -> a span the annotations must cover
	for _, r := range v.Rows {
		if !r.InTitle {
			want[r.ArticleID] = r.Spans[0]
		}
	}
	qc.annotateGroup(tag)
	h.settle()
	anns := h.storeAnnotations()
	if len(anns) == 0 {
		t.Fatal("no annotation created")
	}
	got := map[int64][]annotate.Annotation{}
	for _, a := range anns {
		if a.Kind != annotate.KindQuote || a.Speaker != v.Speaker || !slices.Equal(a.Tags, []string{tag}) {
			t.Errorf("annotation %+v: want a quote by %q tagged %q", a, v.Speaker, tag)
		}
		got[a.ArticleID] = append(got[a.ArticleID], a)
	}
	for art, sp := range want {
		if !slices.ContainsFunc(got[art], func(a annotate.Annotation) bool { return a.Span == sp }) {
			t.Errorf("article %d: no annotation on %v", art, sp)
		}
	}
	// The main window shows them.
	if len(h.w.side.all) != len(anns) {
		t.Errorf("sidebar lists %d annotations, store %d", len(h.w.side.all), len(anns))
	}
	// One undo step takes them all away, and redo brings them back as they
	// were.
	if c, ok := h.w.hist.peekUndo(); !ok || c.describe() != "annotate group" {
		t.Fatalf("undo step %q, %v; want annotate group", c.describe(), ok)
	}
	h.w.undo()
	h.settle()
	if n := len(h.storeAnnotations()); n != 0 {
		t.Errorf("after undo: %d annotations in the store, want 0", n)
	}
	if n := len(h.w.side.all); n != 0 {
		t.Errorf("after undo: sidebar lists %d annotations", n)
	}
	h.w.redo()
	h.settle()
	if again := h.storeAnnotations(); !slices.EqualFunc(again, anns, func(a, b annotate.Annotation) bool {
		return a.ID == b.ID && a.Span == b.Span && slices.Equal(a.Tags, b.Tags) && a.Speaker == b.Speaker
	}) {
		t.Errorf("after redo: %d annotations, want the %d undone, same ids, spans and tags", len(again), len(anns))
	}
	if len(h.w.side.all) != len(anns) {
		t.Errorf("after redo: sidebar lists %d annotations, store %d", len(h.w.side.all), len(anns))
	}
	// Annotating again adds nothing.
	qc.annotateGroup(tag)
	h.settle()
	if n := len(h.storeAnnotations()); n != len(anns) {
		t.Errorf("second run: %d annotations, want %d", n, len(anns))
	}
}

func TestSlugTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"We will build it by spring.", "we-will-build-it-by-spring"},
		{"“The fleet stays.” That is written into the agreement", "fleet-stays-that-is-written-into"},
		{"We’ve been sold a brochure, not a plan", "weve-been-sold-brochure-not-plan"},
		{"The Salt Strait question is not settled", "salt-strait-question-is-not-settled"},
		{"Ça suffit!", "ça-suffit"},
		{"Extraordinarilylongwordsthatgoonandonforever andmore", "extraordinarilylongwordsthatgoonandonforever"},
		{"…", "quote"},
		{"The a an", "quote"},
	}
	for _, tt := range tests {
		if got := slugTag(tt.in); got != tt.want {
			t.Errorf("slugTag(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuoteModelKeepsSelection(t *testing.T) {
	q := func(id, art int64, outlet, text string) annotate.Quote {
		return annotate.Quote{ID: id, ArticleID: art, Outlet: outlet, Text: text, Span: annotate.Span{Start: 0, End: len(text)}}
	}
	quotes := []annotate.Quote{
		q(1, 10, "A", "We will build it by spring"), q(2, 11, "B", "We will build it by spring"), q(3, 12, "C", "We will build the bridge by spring"),
		q(4, 10, "A", "The cost is too high for us"), q(5, 11, "B", "The cost is far too high"),
	}
	snap := func(groups ...annotate.Group) quoteSnapshot {
		return quoteSnapshot{storyID: 1, groups: groups, quotes: quotes, published: map[int64]time.Time{}}
	}
	g1 := annotate.Group{ID: 1, Canonical: "We will build it by spring", QuoteIDs: []int64{1, 2, 3}}
	g2 := annotate.Group{ID: 2, Canonical: "The cost is too high for us", QuoteIDs: []int64{4, 5}}
	var m quoteModel
	m.setSnapshot(snap(g1, g2), 0)
	if m.groupID != 1 {
		t.Fatalf("shows %d, want the group most outlets carry", m.groupID)
	}
	m.refID = 3
	m.checked[2] = true
	// Same data again: the reference and the ticks stay.
	m.setSnapshot(snap(g1, g2), 0)
	if m.groupID != 1 || m.refID != 3 || !m.checked[2] {
		t.Errorf("after reload: group %d ref %d checked %v", m.groupID, m.refID, m.checked)
	}
	// Quote 3 split off (not in a group any more): its reference goes, the
	// group keeps its id.
	g1b := annotate.Group{ID: 1, Canonical: g1.Canonical, QuoteIDs: []int64{1, 2}}
	m.setSnapshot(snap(g1b, g2), 0)
	if m.groupID != 1 || m.refID != 0 {
		t.Errorf("after split: group %d ref %d", m.groupID, m.refID)
	}
	// Group ids changed on re-matching: keepQuote finds the group again.
	m.setSnapshot(snap(annotate.Group{ID: 7, Canonical: g2.Canonical, QuoteIDs: []int64{4, 5}},
		annotate.Group{ID: 8, Canonical: g1.Canonical, QuoteIDs: []int64{1, 2}}), 5)
	if m.groupID != 7 {
		t.Errorf("keepQuote 5: shows %d, want 7", m.groupID)
	}
	v, err := m.view()
	if err != nil || len(v.Rows) != 2 {
		t.Fatalf("view: %v, %d rows", err, len(v.Rows))
	}
	m.filter = annotate.GroupFilter{Outlet: "C"}
	m.apply()
	if len(m.list) != 0 {
		t.Errorf("outlet C carries no group now, list %v", m.list)
	}
}

// quoteVariantTexts are twenty renderings of a 46-word quote, as outlets
// trim, reword and repunctuate it.
func quoteVariantTexts() []string {
	base := "We have waited twenty years for this quay to work again, and tonight the council chose the fishermen, " +
		"the families and the small traders over the developers who wanted glass towers; nobody in this chamber " +
		"should pretend that the hard part is over, because it has only just begun."
	words := strings.Fields(base)
	out := make([]string, 20)
	for i := range out {
		w := slices.Clone(words)
		switch i % 5 {
		case 1:
			w[3] = "two decades"
		case 2:
			w = append(w[:10], w[14:]...)
		case 3:
			w[len(w)-1] = "started."
		case 4:
			w[16] = "chose,"
			w = append(w[:20], append([]string{"honestly"}, w[20:]...)...)
		}
		if i >= 10 {
			w = w[:len(w)-4+i%3]
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}

// BenchmarkOpenQuoteGroup20 measures opening a group of 20 renderings:
// the view model, the row widgets, their renderers and the layout.
func BenchmarkOpenQuoteGroup20(b *testing.B) {
	a := test.NewTempApp(b)
	var q queue
	w := newWindow(context.Background(), a, Config{}, windowOptions{post: q.post})
	defer w.win.Close()
	texts := quoteVariantTexts()
	snap := quoteSnapshot{storyID: 1, published: map[int64]time.Time{}}
	g := annotate.Group{ID: 1, Canonical: texts[0], Speaker: "Ruth Adeyemi"}
	for i, s := range texts {
		id, art := int64(i+1), int64(100+i)
		snap.quotes = append(snap.quotes, annotate.Quote{ID: id, ArticleID: art, Outlet: fmt.Sprintf("Outlet %02d", i),
			Text: s, Speaker: "Ruth Adeyemi", SpeakerConfidence: 0.9, Span: annotate.Span{Start: 10, End: 10 + len(s)}})
		snap.published[art] = time.Date(2031, 4, 1+i%5, 0, 0, 0, 0, time.UTC)
		g.QuoteIDs = append(g.QuoteIDs, id)
	}
	snap.groups = []annotate.Group{g, {ID: 2, Canonical: "Another quote", QuoteIDs: []int64{1, 2}}}
	qc := newQuoteCompare(w)
	defer qc.win.Close()
	qc.storyID = 1
	qc.setSnapshot(snap, 0)
	qc.win.Resize(fyne.NewSize(1280, 820))
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		qc.selectGroup(2)
		realize(qc.scroll.Content)
		b.StartTimer()
		qc.selectGroup(1)
		realize(qc.scroll.Content)
	}
	b.StopTimer()
	if len(qc.rows) != 20 {
		b.Fatalf("%d rows", len(qc.rows))
	}
}

// realize creates the renderers of every widget under o and lays them
// out, as the first frame after opening does.
func realize(o fyne.CanvasObject) {
	switch x := o.(type) {
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			realize(c)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			realize(c)
		}
	}
}

func TestQuoteCompareCorrectionFails(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	qc := h.openQuoteCompare()
	gid := qc.view.GroupID
	// A split naming a quote of another story is refused by the store.
	qc.correct("split quote group", 0, "split", func(ctx context.Context, cs CorrectionStore) error {
		return cs.SplitGroup(ctx, gid, []int64{1 << 40})
	})
	h.settle()
	if qc.win.Canvas().Overlays().Top() == nil {
		t.Error("no error dialog over the comparison window")
	}
	if !strings.Contains(h.w.status.msg.Text, "split quote group") {
		t.Errorf("status says %q", h.w.status.msg.Text)
	}
	if cs, err := h.st.Corrections(context.Background(), h.w.storyID); err != nil || len(cs) != 0 {
		t.Errorf("corrections after a refused one: %v, %v", cs, err)
	}
	if qc.view.GroupID != gid {
		t.Errorf("shows group %d after the error, want %d", qc.view.GroupID, gid)
	}
}
