package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
	"factdesk/storage/ingest"
)

// fakeWriter records the changes apply makes. It is the only stand-in for the
// store in these tests: the window tests use a real one.
type fakeWriter struct {
	calls []string
	fail  error
}

func (f *fakeWriter) UpdateAnnotation(_ context.Context, a annotate.Annotation) (annotate.Annotation, error) {
	f.calls = append(f.calls, fmt.Sprintf("update %d %s", a.ID, a.Note))
	return a, f.fail
}

func (f *fakeWriter) DeleteAnnotation(_ context.Context, id int64) error {
	f.calls = append(f.calls, fmt.Sprintf("delete %d", id))
	return f.fail
}

func (f *fakeWriter) RestoreAnnotation(_ context.Context, a annotate.Annotation) error {
	f.calls = append(f.calls, fmt.Sprintf("restore %d", a.ID))
	return f.fail
}

func ann(id int64, note string) annotate.Annotation {
	return annotate.Annotation{ID: id, Kind: annotate.KindFact, Note: note}
}

func TestHistoryUndoRedo(t *testing.T) {
	var h history
	h.push(created(ann(1, "")))
	h.push(edited(ann(1, ""), ann(1, "a"), 1, "note"))
	h.push(deleted(ann(1, "a")))

	var got []string
	fw := &fakeWriter{}
	for {
		c, ok := h.undo()
		if !ok {
			break
		}
		if err := apply(context.Background(), fw, c); err != nil {
			t.Fatal(err)
		}
	}
	for {
		c, ok := h.redo()
		if !ok {
			break
		}
		if err := apply(context.Background(), fw, c); err != nil {
			t.Fatal(err)
		}
	}
	got = fw.calls
	want := []string{
		"restore 1",  // undo delete
		"update 1 ",  // undo edit
		"delete 1",   // undo create
		"restore 1",  // redo create
		"update 1 a", // redo edit
		"delete 1",   // redo delete
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n got %q\nwant %q", got, want)
	}
}

func TestHistoryMerge(t *testing.T) {
	tests := []struct {
		name  string
		steps []change
		want  int // steps on the undo stack
		last  string
	}{
		{"same field and session merge", []change{
			edited(ann(1, ""), ann(1, "a"), 1, "note"),
			edited(ann(1, "a"), ann(1, "ab"), 1, "note"),
		}, 1, ""},
		{"other field stays separate", []change{
			edited(ann(1, ""), ann(1, "a"), 1, "note"),
			edited(ann(1, "a"), ann(1, "a"), 1, "status"),
		}, 2, "a"},
		{"other session stays separate", []change{
			edited(ann(1, ""), ann(1, "a"), 1, "note"),
			edited(ann(1, "a"), ann(1, "ab"), 2, "note"),
		}, 2, "a"},
		{"other annotation stays separate", []change{
			edited(ann(1, ""), ann(1, "a"), 1, "note"),
			edited(ann(2, ""), ann(2, "b"), 1, "note"),
		}, 2, ""},
		{"create never merges", []change{
			created(ann(1, "")),
			edited(ann(1, ""), ann(1, "a"), 1, "note"),
		}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h history
			for _, c := range tt.steps {
				h.push(c)
			}
			if len(h.done) != tt.want {
				t.Fatalf("undo stack holds %d steps, want %d", len(h.done), tt.want)
			}
			c, _ := h.undo()
			if c.After == nil || c.After.Note != tt.last {
				t.Errorf("undo restores note %v, want %q", c.After, tt.last)
			}
		})
	}
}

func TestHistoryPushClearsRedo(t *testing.T) {
	var h history
	h.push(created(ann(1, "")))
	h.undo()
	if _, ok := h.peekRedo(); !ok {
		t.Fatal("nothing to redo after undo")
	}
	h.push(created(ann(2, "")))
	if _, ok := h.redo(); ok {
		t.Error("redo still possible after a new change")
	}
}

func TestHistoryLimit(t *testing.T) {
	h := history{limit: 3}
	for i := int64(1); i <= 5; i++ {
		h.push(created(ann(i, "")))
	}
	var ids []int64
	for {
		c, ok := h.undo()
		if !ok {
			break
		}
		ids = append(ids, c.Before.ID)
	}
	if !slices.Equal(ids, []int64{5, 4, 3}) {
		t.Errorf("undo went through %v, want [5 4 3]", ids)
	}
}

func TestApplyWrapsErrors(t *testing.T) {
	boom := errors.New("disk full")
	err := apply(context.Background(), &fakeWriter{fail: boom}, deleted(ann(7, "")))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "annotation 7") {
		t.Errorf("err = %v", err)
	}
}

func TestPaneList(t *testing.T) {
	var l paneList[int]
	n := 0
	mk := func() int { n++; return n }
	l.resize(3, mk) // 1 2 3, active 0
	if !slices.Equal(l.items, []int{1, 2, 3}) || l.active != 0 {
		t.Fatalf("resize: %v active %d", l.items, l.active)
	}
	steps := []struct {
		name   string
		do     func() bool
		want   []int
		active int
		ok     bool
	}{
		{"add right of active", func() bool { return l.add(9) }, []int{1, 9, 2, 3}, 1, true},
		{"move active right", func() bool { return l.move(1, +1) }, []int{1, 2, 9, 3}, 2, true},
		{"move past the end", func() bool { return l.move(3, +1) }, []int{1, 2, 9, 3}, 2, false},
		{"move other pane over active", func() bool { return l.move(1, +1) }, []int{1, 9, 2, 3}, 1, true},
		{"remove active", func() bool { _, ok := l.remove(1); return ok }, []int{1, 2, 3}, 0, true},
		{"remove right of active", func() bool { _, ok := l.remove(2); return ok }, []int{1, 2}, 0, true},
		{"activate", func() bool { return l.setActive(1) }, []int{1, 2}, 1, true},
		{"remove left of active", func() bool { _, ok := l.remove(0); return ok }, []int{2}, 0, true},
		{"keep the last pane", func() bool { _, ok := l.remove(0); return ok }, []int{2}, 0, false},
		{"activate missing pane", func() bool { return l.setActive(3) }, []int{2}, 0, false},
	}
	for _, s := range steps {
		if ok := s.do(); ok != s.ok {
			t.Errorf("%s: ok = %v, want %v", s.name, ok, s.ok)
		}
		if !slices.Equal(l.items, s.want) || l.active != s.active {
			t.Errorf("%s: %v active %d, want %v active %d", s.name, l.items, l.active, s.want, s.active)
		}
	}
	for l.len() < maxPanes {
		l.add(0)
	}
	if l.add(0) {
		t.Errorf("add beyond %d panes succeeded", maxPanes)
	}
	dropped := l.resize(2, mk)
	if l.len() != 2 || len(dropped) != maxPanes-2 {
		t.Errorf("shrink: %d panes, %d dropped", l.len(), len(dropped))
	}
}

func TestEvenOffsets(t *testing.T) {
	for n := 1; n <= maxPanes; n++ {
		offs := evenOffsets(n)
		if len(offs) != max(n-1, 0) {
			t.Fatalf("n=%d: %d offsets", n, len(offs))
		}
		// Walk the nested splits: each pane's share of the whole width.
		rest := 1.0
		for i, o := range offs {
			share := rest * o
			if d := share - 1/float64(n); d > 1e-9 || d < -1e-9 {
				t.Errorf("n=%d: pane %d gets %.4f, want %.4f", n, i, share, 1/float64(n))
			}
			rest -= share
		}
	}
}

func day(s string) time.Time {
	t, err := time.Parse(annotate.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFilterNav(t *testing.T) {
	stories := []annotate.Story{{ID: 1, Name: "Harbour bridge vote", Articles: 2}, {ID: 2, Name: "School meals", Articles: 1}}
	arts := map[int64][]annotate.Article{
		1: {{ID: 10, StoryID: 1, Outlet: "Northport Courier", Title: "Council backs bridge"},
			{ID: 11, StoryID: 1, Outlet: "Valley Gazette", Title: "Bridge vote splits council", Published: day("2031-04-02")}},
		2: {{ID: 20, StoryID: 2, Outlet: "Valley Gazette", Title: "Free meals extended"}},
	}
	tests := []struct {
		query string
		want  map[int64][]int64
	}{
		{"", map[int64][]int64{1: {10, 11}, 2: {20}}},
		{"  ", map[int64][]int64{1: {10, 11}, 2: {20}}},
		{"bridge", map[int64][]int64{1: {10, 11}}},
		{"gazette", map[int64][]int64{1: {11}, 2: {20}}},
		{"GAZETTE meals", map[int64][]int64{2: {20}}},
		{"2031-04", map[int64][]int64{1: {11}}},
		{"school", map[int64][]int64{2: {20}}},
		{"nothing like it", map[int64][]int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v := filterNav(stories, arts, tt.query)
			got := map[int64][]int64{}
			for _, s := range v.stories {
				ids := []int64{}
				for _, a := range v.articles[s.ID] {
					ids = append(ids, a.ID)
				}
				got[s.ID] = ids
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseNode(t *testing.T) {
	for _, tt := range []struct {
		uid  string
		kind byte
		id   int64
	}{{storyNode(12), 's', 12}, {articleNode(7), 'a', 7}, {"", 0, 0}, {"sx", 0, 0}} {
		if k, id := parseNode(tt.uid); k != tt.kind || id != tt.id {
			t.Errorf("parseNode(%q) = %c %d, want %c %d", tt.uid, k, id, tt.kind, tt.id)
		}
	}
}

func sampleAnnotations() []annotate.Annotation {
	return []annotate.Annotation{
		{ID: 1, Kind: annotate.KindFact, Outlet: "Courier", Status: annotate.StatusConfirmed, Tags: []string{"budget"}, Anchor: annotate.AnchorAnchored},
		{ID: 2, Kind: annotate.KindQuote, Outlet: "Gazette", Speaker: "Mayor Ilse Varga", Status: annotate.StatusUnverified, Tags: []string{"budget", "bridge"}, Anchor: annotate.AnchorMoved},
		{ID: 3, Kind: annotate.KindClaim, Outlet: "Gazette", Status: annotate.StatusDisputed, Anchor: annotate.AnchorOrphaned, Exact: "old text"},
		{ID: 4, Kind: annotate.KindQuote, Outlet: "Courier", Speaker: "Tomas Reed", Status: annotate.StatusFalse, Anchor: annotate.AnchorFuzzy},
	}
}

func rowIDs(rows []sidebarRow) []string {
	var out []string
	for _, r := range rows {
		if r.header != "" {
			out = append(out, "header")
		} else {
			out = append(out, fmt.Sprint(r.ann.ID))
		}
	}
	return out
}

func TestSidebarRows(t *testing.T) {
	anns := sampleAnnotations()
	tests := []struct {
		name string
		f    annFilter
		want []string
	}{
		{"everything, orphans last", annFilter{}, []string{"1", "2", "4", "header", "3"}},
		{"kind", annFilter{Kind: annotate.KindQuote}, []string{"2", "4"}},
		{"tag", annFilter{Tag: "budget"}, []string{"1", "2"}},
		{"outlet", annFilter{Outlet: "Gazette"}, []string{"2", "header", "3"}},
		{"speaker", annFilter{Speaker: "Tomas Reed"}, []string{"4"}},
		{"status", annFilter{Status: annotate.StatusDisputed}, []string{"header", "3"}},
		{"all fields at once", annFilter{Kind: annotate.KindQuote, Tag: "bridge", Outlet: "Gazette", Speaker: "Mayor Ilse Varga", Status: annotate.StatusUnverified}, []string{"2"}},
		{"no match", annFilter{Kind: annotate.KindNote}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rowIDs(sidebarRows(anns, tt.f)); !slices.Equal(got, tt.want) {
				t.Errorf("rows %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterChoices(t *testing.T) {
	tags, outlets, speakers := filterChoices(sampleAnnotations())
	if !slices.Equal(tags, []string{"bridge", "budget"}) {
		t.Errorf("tags %v", tags)
	}
	if !slices.Equal(outlets, []string{"Courier", "Gazette"}) {
		t.Errorf("outlets %v", outlets)
	}
	if !slices.Equal(speakers, []string{"Mayor Ilse Varga", "Tomas Reed"}) {
		t.Errorf("speakers %v", speakers)
	}
}

func TestParseTags(t *testing.T) {
	tests := map[string][]string{
		"":                           nil,
		"budget":                     {"budget"},
		" budget ,  bridge  vote ,,": {"budget", "bridge vote"},
		"a, b, a":                    {"a", "b"},
	}
	for in, want := range tests {
		if got := parseTags(in); !slices.Equal(got, want) {
			t.Errorf("parseTags(%q) = %q, want %q", in, got, want)
		}
		if want != nil && !slices.Equal(parseTags(formatTags(want)), want) {
			t.Errorf("formatTags(%q) does not read back", want)
		}
	}
}

func TestTagCompletions(t *testing.T) {
	known := []string{"Budget", "bridge", "council", "transport"}
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{"Budget", "bridge", "council", "transport"}},
		{"b", []string{"Budget", "bridge"}},
		{"council, b", []string{"council, Budget", "council, bridge"}},
		{"bridge, b", []string{"bridge, Budget"}},
		{"bridge,council,", []string{"bridge,council, Budget", "bridge,council, transport"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		if got := tagCompletions(tt.in, known); !slices.Equal(got, tt.want) {
			t.Errorf("tagCompletions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSpeakerSuggestions(t *testing.T) {
	a := annotate.Annotation{ArticleID: 1, Span: annotate.Span{Start: 10, End: 30}}
	quotes := []annotate.Quote{
		{ArticleID: 1, Span: annotate.Span{Start: 0, End: 12}, Speaker: "Small Overlap"},
		{ArticleID: 1, Span: annotate.Span{Start: 12, End: 40}, Speaker: "Big Overlap"},
		{ArticleID: 1, Span: annotate.Span{Start: 40, End: 50}, Speaker: "Elsewhere"},
		{ArticleID: 2, Span: annotate.Span{Start: 10, End: 30}, Speaker: "Other Article"},
		{ArticleID: 1, Span: annotate.Span{Start: 10, End: 30}, Speaker: "In Title", InTitle: true},
	}
	anns := []annotate.Annotation{{Speaker: "Zed Named"}, {Speaker: "Big Overlap"}, {Speaker: "Ann Named"}}
	got := speakerSuggestions(a, quotes, anns)
	want := []string{"Big Overlap", "Small Overlap", "Ann Named", "Zed Named"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestQuoteVariants(t *testing.T) {
	quotes := []annotate.Quote{
		{ID: 1, ArticleID: 10, Outlet: "Gazette", Span: annotate.Span{Start: 5, End: 40}, Text: "We will build it by spring"},
		{ID: 2, ArticleID: 20, Outlet: "Courier", Span: annotate.Span{Start: 7, End: 42}, Text: "We will build the bridge by spring"},
		{ID: 3, ArticleID: 30, Outlet: "Bulletin", Span: annotate.Span{Start: 0, End: 20}, Text: "We will build it by spring"},
		{ID: 4, ArticleID: 10, Outlet: "Gazette", Span: annotate.Span{Start: 50, End: 60}, Text: "Alone"},
	}
	groups := []annotate.Group{{ID: 1, QuoteIDs: []int64{1, 2, 3}}, {ID: 2, QuoteIDs: []int64{4}}}
	tests := []struct {
		name   string
		a      annotate.Annotation
		self   int64
		others []string
	}{
		{"inside a grouped quote", annotate.Annotation{ArticleID: 10, Span: annotate.Span{Start: 10, End: 20}}, 1, []string{"Bulletin", "Courier"}},
		{"other article", annotate.Annotation{ArticleID: 20, Span: annotate.Span{Start: 0, End: 50}}, 2, []string{"Bulletin", "Gazette"}},
		{"quote alone in its group", annotate.Annotation{ArticleID: 10, Span: annotate.Span{Start: 50, End: 55}}, 0, nil},
		{"no quote there", annotate.Annotation{ArticleID: 10, Span: annotate.Span{Start: 41, End: 49}}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			self, others, _, ok := quoteVariants(tt.a, quotes, groups)
			if ok != (tt.self != 0) || self.ID != tt.self {
				t.Fatalf("self %d ok %v, want %d", self.ID, ok, tt.self)
			}
			var outlets []string
			for _, q := range others {
				outlets = append(outlets, q.Outlet)
			}
			if !slices.Equal(outlets, tt.others) {
				t.Errorf("others %v, want %v", outlets, tt.others)
			}
		})
	}
}

func TestDiffSegments(t *testing.T) {
	d := annotate.WordDiff{Ops: []annotate.DiffOp{
		{Op: annotate.OpEqual, Text: "We will build "},
		{Op: annotate.OpDelete, Text: "it"},
		{Op: annotate.OpInsert, Text: "the bridge"},
		{Op: annotate.OpEqual, Text: " by spring"},
	}}
	segs := diffSegments(d)
	if len(segs) != 4 {
		t.Fatalf("%d segments", len(segs))
	}
	del, ins := segs[1].(*widget.TextSegment), segs[2].(*widget.TextSegment)
	if del.Text != "i\u0336t\u0336" || del.Style.ColorName == "" {
		t.Errorf("deleted words: %q %+v", del.Text, del.Style)
	}
	if ins.Text != "the bridge" || !ins.Style.TextStyle.Bold || ins.Style.ColorName == "" {
		t.Errorf("inserted words: %q %+v", ins.Text, ins.Style)
	}
	if eq := segs[0].(*widget.TextSegment); eq.Style != widget.RichTextStyleInline {
		t.Errorf("equal words styled: %+v", eq.Style)
	}
}

func TestSnippetParts(t *testing.T) {
	tests := []struct {
		in   string
		want []snippetPart
	}{
		{"…the **bridge** will\nopen in **spring**",
			[]snippetPart{{"…the ", false}, {"bridge", true}, {" will open in ", false}, {"spring", true}}},
		{"…and then the council said that the **bridge** opens",
			[]snippetPart{{"…that the ", false}, {"bridge", true}, {" opens", false}}},
		{"**Bridge** opens", []snippetPart{{"Bridge", true}, {" opens", false}}},
		{"no match marked at all in this long snippet", []snippetPart{{"no match marked at all in this long snippet", false}}},
	}
	for _, tt := range tests {
		if got := snippetParts(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("snippetParts(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFitText(t *testing.T) {
	measure := func(s string) float32 { return float32(len([]rune(s))) } // one unit a rune
	tests := []struct {
		s     string
		width float32
		want  string
	}{
		{"harbour bridge", 8, "harbour…"},
		{"harbour bridge", 9, "harbour…"}, // trailing space dropped
		{"harbour bridge", 1, ""},
		{"ab", 3, "ab…"},
	}
	for _, tt := range tests {
		if got := fitText(tt.s, tt.width, measure); got != tt.want {
			t.Errorf("fitText(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

func TestHitSpan(t *testing.T) {
	body := "Café owners said: «Überraschung!» 2031 plans"
	tests := []struct {
		at   int
		want string
	}{
		{0, "Café"},
		{19, "Überraschung"},
		{34, "2031"},
		{16, ""}, // the colon
		{999, ""},
	}
	tx := annotate.NewText(body)
	for _, tt := range tests {
		sp := hitSpan(body, tt.at)
		if got := tx.Slice(sp); got != tt.want {
			t.Errorf("hitSpan at %d = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestProgressAndReportText(t *testing.T) {
	tests := []struct {
		p    ingest.Progress
		want string
	}{
		{ingest.Progress{Stage: ingest.StageScan}, "Looking for files…"},
		{ingest.Progress{Stage: ingest.StageImport, Done: 0, Total: 3, Path: "/x/a.md"}, "Importing 1 of 3: a.md"},
		{ingest.Progress{Stage: ingest.StageImport, Done: 3, Total: 3}, "Imported 3 of 3 files"},
		{ingest.Progress{Stage: ingest.StageMatch, Done: 1, Total: 2}, "Matching quotes across outlets (1 of 2 stories)"},
		{ingest.Progress{Stage: ingest.StageIndex, Done: 500, Total: 1200}, "Indexing for search (500 of 1200 articles)"},
		{ingest.Progress{Stage: ingest.StageIndex}, "Indexing for search…"},
	}
	for _, tt := range tests {
		if got := progressText(tt.p); got != tt.want {
			t.Errorf("progressText(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	rep := ingest.Report{Created: 1, Failed: 1, Files: []ingest.FileResult{{Path: "b.pdf", Err: errors.New("import b.pdf: unsupported")}}}
	summary, details := reportText(rep)
	if !strings.Contains(summary, "1 imported") || !strings.Contains(details, "b.pdf: unsupported") {
		t.Errorf("summary %q details %q", summary, details)
	}
	if _, details := reportText(ingest.Report{Created: 2}); details != "" {
		t.Errorf("details for a clean import: %q", details)
	}
}

// queue is a UI goroutine stand-in: posted funcs wait until the test runs
// them.
type queue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *queue) post(fn func()) {
	q.mu.Lock()
	q.fns = append(q.fns, fn)
	q.mu.Unlock()
}

func (q *queue) runOne() bool {
	q.mu.Lock()
	if len(q.fns) == 0 {
		q.mu.Unlock()
		return false
	}
	fn := q.fns[0]
	q.fns = q.fns[1:]
	q.mu.Unlock()
	fn()
	return true
}

// settle runs posted funcs until the worker is idle.
func (q *queue) settle(t testing.TB, wk *worker) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if q.runOne() {
			continue
		}
		if wk.idle() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("background work did not finish")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWorkerWritesInOrder(t *testing.T) {
	var q queue
	wk := newWorker(context.Background(), q.post)
	var mu sync.Mutex
	var order, shown []int
	for i := range 20 {
		wk.write(func(context.Context) func() {
			time.Sleep(time.Duration(20-i) * 100 * time.Microsecond)
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			return func() { shown = append(shown, i) }
		})
	}
	q.settle(t, wk)
	if len(order) != 20 || !slices.IsSorted(order) || !slices.Equal(order, shown) {
		t.Errorf("writes ran %v, results shown %v", order, shown)
	}
}

func TestWorkerAfter(t *testing.T) {
	var q queue
	wk := newWorker(context.Background(), q.post)
	fired := 0
	stop := wk.after(time.Hour, func() { fired++ })
	if wk.idle() {
		t.Fatal("an armed timer does not count as pending")
	}
	if !stop() {
		t.Fatal("stop did not stop the timer")
	}
	if !wk.idle() || stop() {
		t.Fatal("stopped timer still pending, or stopped twice")
	}
	wk.after(time.Millisecond, func() { fired++ })
	q.settle(t, wk)
	if fired != 1 {
		t.Errorf("fired %d times, want 1", fired)
	}
}

func TestWorkerStopWaitsForWrites(t *testing.T) {
	var q queue
	wk := newWorker(context.Background(), q.post)
	release := make(chan struct{})
	done := false
	wk.write(func(context.Context) func() {
		<-release
		done = true
		return func() { t.Error("result posted after stop") }
	})
	if wk.stop(10 * time.Millisecond) {
		t.Fatal("stop reported the blocked write as finished")
	}
	close(release)
	if !wk.stop(5 * time.Second) {
		t.Fatal("stop timed out")
	}
	if !done {
		t.Error("write did not run")
	}
	for q.runOne() {
	}
}

func TestChangeDescribe(t *testing.T) {
	a, b := ann(1, ""), ann(1, "x")
	tests := []struct {
		c    change
		want string
	}{
		{created(a), "tag as fact"},
		{deleted(a), "delete fact"},
		{edited(a, b, 1, "note"), "edit note"},
		{edited(a, b, 1, "note").inverse(), "edit note"},
		{created(a).inverse(), "delete fact"},
		{compound("annotate group", []change{created(a)}), "annotate group"},
		{compound("annotate group", []change{created(a)}).inverse(), "annotate group"},
	}
	for _, tt := range tests {
		if got := tt.c.describe(); got != tt.want {
			t.Errorf("describe() = %q, want %q", got, tt.want)
		}
	}
}

// A compound change is undone part by part, last first, each part inverted,
// and undoing the undo gives the change back.
func TestCompoundInverse(t *testing.T) {
	a, b := ann(1, ""), ann(2, "")
	c := compound("annotate group", []change{created(a), created(b)})
	inv := c.inverse()
	if len(inv.parts) != 2 || inv.parts[0].Before == nil || inv.parts[0].Before.ID != 2 || inv.parts[0].After != nil ||
		inv.parts[1].Before == nil || inv.parts[1].Before.ID != 1 {
		t.Fatalf("inverse parts %+v; want delete 2, then delete 1", inv.parts)
	}
	back := inv.inverse()
	if len(back.parts) != 2 || back.parts[0].After.ID != 1 || back.parts[1].After.ID != 2 || back.what != c.what {
		t.Errorf("inverse of inverse %+v; want the change itself", back)
	}
	if c.id() != 0 {
		t.Errorf("compound id %d, want 0", c.id())
	}
}
