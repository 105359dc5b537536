package ui

import (
	"context"
	"fmt"
	"image/color"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
)

// pairsString writes rows compactly: "a=b" an exact link, "a~b" a near
// one, "a/b" sentences unique to their side ("-" for none), "^" a moved
// sentence, "+" joining the sentences of one side.
func pairsString(al annotate.Alignment, rows []sentencePair) string {
	side := func(idx []int) string {
		if len(idx) == 0 {
			return "-"
		}
		var s []string
		for _, i := range idx {
			s = append(s, fmt.Sprint(i))
		}
		return strings.Join(s, "+")
	}
	var out []string
	for _, r := range rows {
		sep := "/"
		if r.Link >= 0 {
			sep = "~"
			if al.Links[r.Link].Exact {
				sep = "="
			}
		}
		s := side(r.A) + sep + side(r.B)
		if r.Moved {
			s += "^"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestSentencePairs(t *testing.T) {
	s := []string{
		"The harbour board approved the new ferry timetable on Monday evening.",
		"Ferries will leave the north pier every forty minutes from June.",
		"The operator said two older boats would be retired by the autumn.",
		"Fares for residents will stay at their current level until next year.",
		"A public meeting on the changes is planned for the town hall in May.",
	}
	join := func(parts ...string) string { return strings.Join(parts, " ") }
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"straight copy", join(s...), join(s...), "0=0 1=1 2=2 3=3 4=4"},
		{"reordered paragraphs", join(s[0], s[1], s[2], s[3]), join(s[2], s[3], s[0], s[1]), "0=2 1=3 2=0^ 3=1^"},
		{"trimmed wire copy with local lines",
			join(s...),
			join("Residents of the quay have waited years for this.", s[0],
				"Ferries will leave the north pier every thirty minutes from June.",
				"Local traders welcomed the news.", s[2]),
			"-/0 0=1 1~2 -/3 2=4 3/- 4/-"},
		{"unique sentences side by side",
			join(s[0], "Critics called the plan rushed.", s[1]),
			join(s[0], "The mayor praised the board.", "Two councillors abstained.", s[1]),
			"0=0 1/1 -/2 2=3"},
		{"a sentence split in two",
			join(s[0], "Ferries will leave the north pier every forty minutes from June, and the operator will retire two older boats by the autumn."),
			join(s[0], "Ferries will leave the north pier every forty minutes from June.", "The operator will retire two older boats by the autumn."),
			"0=0 1~1+2"},
		{"nothing shared", s[0], s[3], "0/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			al := annotate.AlignArticles(tt.a, tt.b)
			rows := sentencePairs(al)
			if got := pairsString(al, rows); got != tt.want {
				t.Errorf("rows %s, want %s", got, tt.want)
			}
			// Every sentence of each side shows exactly once, the left
			// side in its order.
			var as, bs []int
			for _, r := range rows {
				as = append(as, r.A...)
				bs = append(bs, r.B...)
			}
			if !slices.IsSorted(as) || len(as) != len(al.A) {
				t.Errorf("left sentences %v of %d", as, len(al.A))
			}
			slices.Sort(bs)
			if len(slices.Compact(bs)) != len(al.B) {
				t.Errorf("right sentences %v of %d", bs, len(al.B))
			}
		})
	}
}

func TestDefaultPair(t *testing.T) {
	story := []annotate.Article{{ID: 1}, {ID: 2}, {ID: 3}}
	tests := []struct {
		name   string
		panes  []int64
		a, b   int64
		wa, wb int64
	}{
		{"panes", []int64{3, 1}, 0, 0, 3, 1},
		{"pane of another story skipped", []int64{9, 2}, 0, 0, 2, 1},
		{"asked for", []int64{3, 1}, 2, 3, 2, 3},
		{"one asked, then panes", []int64{3, 1}, 1, 0, 1, 3},
		{"no panes", nil, 0, 0, 1, 2},
		{"same twice", []int64{2, 2}, 0, 0, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := defaultPair(story, tt.panes, tt.a, tt.b); a != tt.wa || b != tt.wb {
				t.Errorf("pair %d, %d; want %d, %d", a, b, tt.wa, tt.wb)
			}
		})
	}
	if a, b := defaultPair(story[:1], nil, 0, 0); a != 1 || b != 0 {
		t.Errorf("one article: %d, %d", a, b)
	}
}

// openArticleCompare opens the article comparison with its shortcut.
func (h *harness) openArticleCompare() *articleCompare {
	h.t.Helper()
	h.shortcut(compareArticlesShortcut)
	ac := h.w.articleCmp
	if ac == nil {
		h.t.Fatal("Ctrl+Shift+K opened no article comparison")
	}
	return ac
}

// pickPair shows the current story's articles from outlets a and b.
func (h *harness) pickPair(ac *articleCompare, a, b string) {
	h.t.Helper()
	find := func(outlet string) int {
		i := slices.IndexFunc(ac.story, func(x annotate.Article) bool { return x.Outlet == outlet })
		if i < 0 {
			h.t.Fatalf("no article from %s", outlet)
		}
		return i
	}
	ac.leftSel.SetSelectedIndex(find(a))
	ac.rightSel.SetSelectedIndex(find(b))
}

func rectColor(o fyne.CanvasObject) color.Color { return o.(*canvas.Rectangle).FillColor }

func TestArticleCompareLinksSentences(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	ac := h.openArticleCompare()
	panes := h.w.paneArticles()
	if ac.aID != panes[0] || ac.bID != panes[1] {
		t.Errorf("compares %d and %d, want the panes' %v", ac.aID, ac.bID, panes[:2])
	}
	if !strings.Contains(ac.win.Title(), quayStory) {
		t.Errorf("title %q", ac.win.Title())
	}

	// Wire copy against a reprint: linked sentences share a tint, own
	// sentences are plain, near copies show what changed.
	h.pickPair(ac, "Coastline Press Agency", "Harbourwatch")
	a, b := ac.bodies[ac.aID], ac.bodies[ac.bID]
	if a.Outlet != "Coastline Press Agency" || b.Outlet != "Harbourwatch" || len(ac.rows) != len(ac.pairs) {
		t.Fatalf("shows %s against %s with %d rows for %d pairs", a.Outlet, b.Outlet, len(ac.rows), len(ac.pairs))
	}
	ta, tb := annotate.NewText(a.Body), annotate.NewText(b.Body)
	links, near, own := 0, 0, 0
	for _, r := range ac.rows {
		bgA, bgB := rectColor(r.obj.Objects[0]), rectColor(r.obj.Objects[3])
		if r.pair.Link < 0 {
			own++
			if bgA != color.Transparent || bgB != color.Transparent {
				t.Errorf("unique sentences tinted: %v %v", bgA, bgB)
			}
			if len(r.pair.A) > 0 && r.a.String() != collapseSpace(ta.Slice(sideSpan(ac.al.A, r.pair.A))) {
				t.Errorf("left cell %q", r.a.String())
			}
			if len(r.pair.B) > 0 && r.b.String() != collapseSpace(tb.Slice(sideSpan(ac.al.B, r.pair.B))) {
				t.Errorf("right cell %q", r.b.String())
			}
			continue
		}
		links++
		if bgA != bgB || bgA == color.Transparent {
			t.Errorf("link %d tinted %v and %v", r.pair.Link, bgA, bgB)
		}
		link := ac.al.Links[r.pair.Link]
		if link.Exact != (r.mark == "=" || strings.HasPrefix(r.mark, "=\n")) {
			t.Errorf("link %d (exact %v) marked %q", r.pair.Link, link.Exact, r.mark)
		}
		if len(link.Ops) > 0 {
			near++
			left := runsText(r.a.runs, styleSame, styleDropped, stylePunctDropped)
			right := runsText(r.b.runs, styleSame, styleAdded, stylePunct)
			if left != collapseSpace(ta.Slice(sideSpan(ac.al.A, r.pair.A))) || right != collapseSpace(tb.Slice(sideSpan(ac.al.B, r.pair.B))) {
				t.Errorf("near link reads %q | %q", left, right)
			}
		}
	}
	if links == 0 || near == 0 || own == 0 {
		t.Errorf("%d links, %d near, %d unique rows: the sample reprint should have each", links, near, own)
	}
	sa, sb := sharedSentences(ac.al)
	if !strings.Contains(ac.headA.meta.Text(), fmt.Sprintf("%d of %d sentences shared", sa, len(ac.al.A))) || ac.headB.outlet.Text != "Harbourwatch" {
		t.Errorf("headings %q / %q", ac.headA.meta.Text(), ac.headB.outlet.Text)
	}
	_ = sb

	// Swapping puts the reprint on the left.
	ac.swap()
	if ac.bodies[ac.aID].Outlet != "Harbourwatch" || ac.leftSel.Selected != articleChoice(ac.bodies[ac.aID]) {
		t.Errorf("after swap the left shows %s, picker %q", ac.bodies[ac.aID].Outlet, ac.leftSel.Selected)
	}

	// Clicking a sentence opens it in the main window.
	r := ac.rows[0]
	test.Tap(r.a)
	h.settle()
	v := h.w.panes.active()
	if v.article.ID != ac.aID || v.reading.Selection() != sideSpan(ac.al.A, r.pair.A) {
		t.Errorf("clicking the first sentence opened %d selecting %v", v.article.ID, v.reading.Selection())
	}
}

func TestArticleCompareCoverage(t *testing.T) {
	h := newCorpusHarness(t, quayStory)
	ac := h.openArticleCompare()
	cov := ac.cov
	if len(cov.Articles) != len(h.w.articles[h.w.storyID]) {
		t.Fatalf("coverage of %d articles, story has %d", len(cov.Articles), len(h.w.articles[h.w.storyID]))
	}
	// The sample's wire story is reprinted nearly whole by one outlet: the
	// two are one cluster, counted once.
	var wire []string
	for _, a := range cov.Articles {
		if a.Cluster >= 0 {
			wire = append(wire, a.Outlet)
		}
	}
	slices.Sort(wire)
	if want := []string{"Coastline Press Agency", "Northgate Gazette"}; !slices.Equal(wire, want) {
		t.Errorf("near-copies %v, want %v", wire, want)
	}
	if cov.Sources != len(cov.Articles)-1 {
		t.Errorf("%d sources of %d articles", cov.Sources, len(cov.Articles))
	}
	// The panel names every outlet, flags the copies and counts sources.
	text := collapseSpace(canvasText(ac.covBox))
	for _, o := range cov.Outlets {
		if !strings.Contains(text, o.Outlet) || !strings.Contains(text, fmt.Sprintf("%.0f%% of %d words shared", o.Shared*100, o.Words)) {
			t.Errorf("coverage panel lacks %s's line:\n%s", o.Outlet, text)
		}
	}
	for _, s := range []string{"Near-copies", "Coastline Press Agency, Northgate Gazette: one source.",
		fmt.Sprintf("%d independent sources", cov.Sources), "Northgate Gazette copy 1"} {
		if !strings.Contains(text, s) {
			t.Errorf("coverage panel lacks %q:\n%s", s, text)
		}
	}
}

// canvasText is the text of every label, rich text and text object under
// o, one per line.
func canvasText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestArticleCompareRenders(t *testing.T) {
	h := newCorpusHarness(t, korvathStory)
	ac := h.openArticleCompare()
	h.pickPair(ac, "Corridor Watch", "Meridian Wire")
	rows := make([]fyne.CanvasObject, 0, 5)
	for _, r := range ac.rows[:5] {
		rows = append(rows, r.obj)
	}
	col := &wrapColumn{gap: 3}
	w := test.NewWindow(container.New(col, rows...))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(900, col.heightFor(rows, 900)))
	assertMarkup(t, "compare/article_rows.xml", w.Canvas())
}

// wireArticles are two articles of about n words: a wire story, and a
// reprint that reorders its paragraphs, trims the end, rewords some
// sentences and adds its own.
func wireArticles(n int) (a, b string) {
	rng := rand.New(rand.NewPCG(7, 11))
	vocab := strings.Fields("council harbour quay ferry vote budget fishermen traders bridge plan mayor board residents " +
		"meeting spring autumn cost million report town pier fleet families housing works contract inquiry")
	sentence := func() string {
		k := 12 + rng.IntN(14)
		w := make([]string, k)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
		return strings.Join(w, " ") + "."
	}
	var paras [][]string
	words := 0
	for words < n {
		p := make([]string, 3+rng.IntN(3))
		for i := range p {
			p[i] = sentence()
			words += len(strings.Fields(p[i]))
		}
		paras = append(paras, p)
	}
	var bp [][]string
	for i, p := range paras[:len(paras)*9/10] {
		q := slices.Clone(p)
		if i%4 == 1 {
			f := strings.Fields(q[0])
			f[2], f[len(f)-2] = "reportedly", "said"
			q[0] = strings.Join(f, " ")
		}
		if i%6 == 2 {
			q = append(q, sentence())
		}
		bp = append(bp, q)
	}
	for i := 0; i+1 < len(bp); i += 7 {
		bp[i], bp[i+1] = bp[i+1], bp[i]
	}
	text := func(ps [][]string) string {
		var out []string
		for _, p := range ps {
			out = append(out, strings.Join(p, " "))
		}
		return strings.Join(out, "\n\n")
	}
	return text(paras), text(bp)
}

// BenchmarkArticleCompare5000Words measures showing two 5,000-word
// articles side by side: the alignment, the rows, their renderers and the
// layout.
func BenchmarkArticleCompare5000Words(b *testing.B) {
	a := test.NewTempApp(b)
	var q queue
	w := newWindow(context.Background(), a, Config{}, windowOptions{post: q.post})
	defer w.win.Close()
	bodyA, bodyB := wireArticles(5000)
	ac := newArticleCompare(w)
	defer ac.win.Close()
	ac.storyID = 1
	ac.story = []annotate.Article{{ID: 1, Outlet: "Wire"}, {ID: 2, Outlet: "Reprint"}}
	ac.bodies = map[int64]annotate.Article{1: {ID: 1, Outlet: "Wire", Body: bodyA}, 2: {ID: 2, Outlet: "Reprint", Body: bodyB}}
	ac.aID, ac.bID = 1, 2
	ac.win.Resize(fyne.NewSize(1400, 860))
	b.ResetTimer()
	for b.Loop() {
		ac.showPair()
		realize(ac.scroll.Content)
	}
	b.StopTimer()
	if len(ac.rows) < 200 {
		b.Fatalf("%d rows", len(ac.rows))
	}
}
