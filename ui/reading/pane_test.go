package reading_test

import (
	"flag"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
	"factdesk/ui/reading"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// sample is a short article with wrapped rows, a paragraph break, a line
// break and multi-byte text: accents, CJK, combining marks and emoji.
const sample = "The harbour authority said on Tuesday that the bridge would be delayed.\n\n" +
	"Zoë Marchetti, a résident of Nørre Vík, said: “Ça suffit!” 東京の記者も来た。\n" +
	"Then e\u0301te\u0301 came 👍🏽 again."

var sampleSize = fyne.NewSize(240, 400)

func TestPaneDragSelects(t *testing.T) {
	tests := []struct {
		name      string
		from, to  string // substrings: the drag runs from the start of from to the end of to
		want      string
		crossRows bool // the selection must run over more than one row
		backwards bool
	}{
		{name: "within a row", from: "harbour", to: "harbour", want: "harbour"},
		{name: "across a line wrap", from: "authority", to: "bridge", want: "authority said on Tuesday that the bridge", crossRows: true},
		{name: "backwards across a line wrap", from: "authority", to: "bridge", want: "authority said on Tuesday that the bridge", crossRows: true, backwards: true},
		{name: "across a paragraph break", from: "delayed", to: "Marchetti", want: "delayed.\n\nZoë Marchetti", crossRows: true},
		{name: "accented letters", from: "résident", to: "Vík", want: "résident of Nørre Vík"},
		{name: "ideographs", from: "東京", to: "記者", want: "東京の記者"},
		{name: "combining marks and emoji", from: "e\u0301te\u0301", to: "👍🏽", want: "e\u0301te\u0301 came 👍🏽"},
		{name: "across a line break to the end", from: "来た", to: "again.", want: "来た。\nThen e\u0301te\u0301 came 👍🏽 again.", crossRows: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			p, w := showPane(t, sample, sampleSize)
			var reported annotate.Span
			p.OnSelectionChanged = func(sel annotate.Span) { reported = sel }

			a := cpIndex(t, sample, tt.from)
			b := cpIndex(t, sample, tt.to) + annotate.RuneLen(tt.to)
			from, to := caretPoint(p, a), caretPoint(p, b)
			if tt.crossRows && from.Y == to.Y {
				t.Fatalf("test text does not wrap between %d and %d; widen the case", a, b)
			}
			if tt.backwards {
				from, to = to, from
			}
			drag(w.Canvas(), from, to)

			want := annotate.Span{Start: a, End: b}
			if got := p.Selection(); got != want {
				t.Errorf("Selection() = %v, want %v", got, want)
			}
			if got := p.SelectedText(); got != tt.want {
				t.Errorf("SelectedText() = %q, want %q", got, tt.want)
			}
			if reported != want {
				t.Errorf("OnSelectionChanged got %v, want %v", reported, want)
			}
			if w.Canvas().Focused() != p {
				t.Error("drag did not focus the pane")
			}
		})
	}
}

func TestPaneDragSelectsWhenScrolled(t *testing.T) {
	test.NewTempApp(t)
	body := article(5000)
	p, w := showPane(t, body, fyne.NewSize(500, 400))
	p.ScrollToFraction(0.6)
	// a sentence start in view
	a := p.OffsetAt(fyne.NewPos(30, 100))
	rest := string([]rune(body)[a:])
	a += utf8.RuneCountInString(rest[:strings.Index(rest, ". ")]) + 2
	b := a + 30
	from, to := caretPoint(p, a), caretPoint(p, b)
	if from.Y < 0 || to.Y > 400 {
		t.Fatalf("test span %d-%d not in view (%v, %v)", a, b, from, to)
	}
	drag(w.Canvas(), from, to)
	if got, want := p.Selection(), (annotate.Span{Start: a, End: b}); got != want {
		t.Errorf("Selection() = %v, want %v", got, want)
	}
}

func TestPaneClicks(t *testing.T) {
	tests := []struct {
		name   string
		on     string // click the middle of this substring's first character
		clicks int
		want   string
	}{
		{"single click selects nothing", "Marchetti", 1, ""},
		{"double click selects a word", "rchetti", 2, "Marchetti"},
		{"double click on an accented word", "sident", 2, "résident"},
		{"double click on ideographs", "京", 2, "東京の記者も来た"},
		{"triple click selects the paragraph", "Nørre", 3, sample[strings.Index(sample, "Zoë"):]},
		{"triple click in the first paragraph", "bridge", 3, "The harbour authority said on Tuesday that the bridge would be delayed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			p, w := showPane(t, sample, sampleSize)
			click(t, w.Canvas(), charPoint(p, cpIndex(t, sample, tt.on)), tt.clicks)
			if got := p.SelectedText(); got != tt.want {
				t.Errorf("after %d clicks selected %q, want %q", tt.clicks, got, tt.want)
			}
		})
	}
}

func TestPaneShiftClickExtends(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, sampleSize)
	c := w.Canvas()
	a := cpIndex(t, sample, "authority")
	b := cpIndex(t, sample, " would")
	mouseDown(t, c, caretPoint(p, a), 0)
	mouseDown(t, c, caretPoint(p, b), fyne.KeyModifierShift)
	if got, want := p.Selection(), (annotate.Span{Start: a, End: b}); got != want {
		t.Fatalf("Selection() = %v, want %v", got, want)
	}
	// a later shift-click moves the same end
	e := cpIndex(t, sample, "the bridge")
	mouseDown(t, c, caretPoint(p, e), fyne.KeyModifierShift)
	if got, want := p.Selection(), (annotate.Span{Start: a, End: e}); got != want {
		t.Errorf("Selection() = %v, want %v", got, want)
	}
}

func TestPaneKeyboardSelection(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, sampleSize)
	c := w.Canvas()

	a := cpIndex(t, sample, "harbour")
	mouseDown(t, c, caretPoint(p, a), 0)
	for range 7 {
		pressKey(t, c, fyne.KeyRight, true)
	}
	if got := p.SelectedText(); got != "harbour" {
		t.Fatalf("shift+right ×7 selected %q, want %q", got, "harbour")
	}

	// shift+down moves the caret to the same x on the next row
	end := p.Selection().End
	pos, size := p.OffsetRect(end)
	below := p.OffsetAt(pos.Add(fyne.NewPos(0, size.Height*1.5)))
	pressKey(t, c, fyne.KeyDown, true)
	if got, want := p.Selection(), (annotate.Span{Start: a, End: below}); got != want {
		t.Errorf("shift+down: Selection() = %v, want %v", got, want)
	}
	pressKey(t, c, fyne.KeyUp, true)
	if got := p.SelectedText(); got != "harbour" {
		t.Errorf("shift+up back: selected %q, want %q", got, "harbour")
	}

	// right without shift collapses to the end
	pressKey(t, c, fyne.KeyRight, false)
	if got := p.Selection(); !got.Empty() || got.Start != a+7 {
		t.Errorf("right: Selection() = %v, want empty at %d", got, a+7)
	}

	// shift+end stops before the space a soft wrap leaves; shift+home goes
	// back to the start of the row
	mouseDown(t, c, caretPoint(p, cpIndex(t, sample, "authority")), 0)
	pressKey(t, c, fyne.KeyEnd, true)
	if got := p.SelectedText(); got != "authority said on" {
		t.Errorf("shift+end selected %q, want %q", got, "authority said on")
	}
	pressKey(t, c, fyne.KeyHome, true)
	if got := p.SelectedText(); got != "The harbour " {
		t.Errorf("shift+home selected %q, want %q", got, "The harbour ")
	}

	// shift+left steps over a letter with its combining mark
	after := cpIndex(t, sample, " came")
	mouseDown(t, c, caretPoint(p, after), 0)
	pressKey(t, c, fyne.KeyLeft, true)
	pressKey(t, c, fyne.KeyLeft, true)
	if got := p.SelectedText(); got != "te\u0301" {
		t.Errorf("shift+left ×2 selected %q, want %q", got, "te\u0301")
	}
}

func TestPaneCopy(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, sampleSize)
	c := w.Canvas()
	cb := fyne.CurrentApp().Clipboard()

	a := cpIndex(t, sample, "Zoë")
	b := cpIndex(t, sample, ", a")
	drag(c, caretPoint(p, a), caretPoint(p, b))
	typeShortcut(c, &fyne.ShortcutCopy{})
	if got := cb.Content(); got != "Zoë Marchetti" {
		t.Errorf("clipboard = %q, want %q", got, "Zoë Marchetti")
	}

	typeShortcut(c, &fyne.ShortcutSelectAll{})
	typeShortcut(c, &fyne.ShortcutCopy{})
	if got := cb.Content(); got != sample {
		t.Errorf("after select all, clipboard = %q, want the whole text", got)
	}

	// copying nothing leaves the clipboard alone
	pressKey(t, c, fyne.KeyEscape, false)
	cb.SetContent("kept")
	typeShortcut(c, &fyne.ShortcutCopy{})
	if got := cb.Content(); got != "kept" {
		t.Errorf("copying an empty selection changed the clipboard to %q", got)
	}
}

type annotation struct {
	kind annotate.Kind
	sel  annotate.Span
}

func TestPaneAnnotateShortcuts(t *testing.T) {
	keys := map[annotate.Kind]fyne.KeyName{
		annotate.KindFact: fyne.KeyF, annotate.KindQuote: fyne.KeyQ,
		annotate.KindClaim: fyne.KeyC, annotate.KindNote: fyne.KeyN,
	}
	for _, kind := range annotate.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			test.NewTempApp(t)
			p, w := showPane(t, sample, sampleSize)
			c := w.Canvas()
			var got []annotation
			p.OnAnnotate = func(k annotate.Kind, sel annotate.Span) { got = append(got, annotation{k, sel}) }

			// the shortcut as the desktop driver builds it from Ctrl+Shift+key
			press := &desktop.CustomShortcut{KeyName: keys[kind], Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

			// nothing selected: nothing to tag
			mouseDown(t, c, caretPoint(p, 3), 0)
			typeShortcut(c, press)
			if len(got) != 0 {
				t.Fatalf("annotated an empty selection: %v", got)
			}

			a := cpIndex(t, sample, "“Ça")
			b := cpIndex(t, sample, " 東京")
			drag(c, caretPoint(p, a), caretPoint(p, b))
			typeShortcut(c, press)
			want := annotation{kind, annotate.Span{Start: a, End: b}}
			if len(got) != 1 || got[0] != want {
				t.Fatalf("OnAnnotate calls = %v, want [%v]", got, want)
			}
		})
	}
}

func TestPaneAnnotateShortcutsOnCanvas(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, sampleSize)
	c := w.Canvas()
	var got []annotation
	p.OnAnnotate = func(k annotate.Kind, sel annotate.Span) { got = append(got, annotation{k, sel}) }
	reading.AddShortcuts(c, func() *reading.Pane { return p })

	sel := annotate.Span{Start: 4, End: 11}
	p.SetSelection(sel)
	c.Unfocus()
	typeShortcut(c, reading.AnnotateShortcut(annotate.KindNote))
	if want := (annotation{annotate.KindNote, sel}); len(got) != 1 || got[0] != want {
		t.Errorf("OnAnnotate calls = %v, want [%v]", got, want)
	}
}

func TestShortcutKind(t *testing.T) {
	if len(reading.Shortcuts()) != len(annotate.Kinds) {
		t.Fatalf("Shortcuts() has %d entries, want one per kind", len(reading.Shortcuts()))
	}
	for i, s := range reading.Shortcuts() {
		if k, ok := reading.ShortcutKind(s); !ok || k != annotate.Kinds[i] {
			t.Errorf("ShortcutKind(%s) = %q, %v; want %q", s.ShortcutName(), k, ok, annotate.Kinds[i])
		}
	}
	other := []fyne.Shortcut{
		&fyne.ShortcutCopy{},
		&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		&desktop.CustomShortcut{KeyName: fyne.KeyX, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	}
	for _, s := range other {
		if k, ok := reading.ShortcutKind(s); ok {
			t.Errorf("ShortcutKind(%s) = %q, want none", s.ShortcutName(), k)
		}
	}
}

func TestPaneContextMenu(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, sampleSize)
	c := w.Canvas()
	var got []annotation
	p.OnAnnotate = func(k annotate.Kind, sel annotate.Span) { got = append(got, annotation{k, sel}) }
	extra := 0
	p.ContextMenuItems = func() []*fyne.MenuItem {
		return []*fyne.MenuItem{fyne.NewMenuItem("Find in other outlets", func() { extra++ })}
	}

	a := cpIndex(t, sample, "bridge")
	p.SetSelection(annotate.Span{Start: a, End: a + 6})
	at := charPoint(p, a+2)
	o, rel := objectAt(t, c, at, func(o fyne.CanvasObject) bool { _, ok := o.(fyne.SecondaryTappable); return ok })
	o.(fyne.SecondaryTappable).TappedSecondary(&fyne.PointEvent{Position: rel, AbsolutePosition: at})

	menu := c.Overlays().Top()
	if menu == nil {
		t.Fatal("no context menu")
	}
	labels := menuLabels(menu)
	for _, want := range []string{"Tag as fact", "Tag as quote", "Tag as claim", "Tag as note", "Copy", "Find in other outlets"} {
		if _, ok := labels[want]; !ok {
			t.Errorf("context menu lacks %q; has %v", want, labels)
		}
	}
	test.TapCanvas(c, labels["Tag as claim"])
	if want := (annotation{annotate.KindClaim, annotate.Span{Start: a, End: a + 6}}); len(got) != 1 || got[0] != want {
		t.Errorf("OnAnnotate calls = %v, want [%v]", got, want)
	}
}

// menuLabels maps each text in a menu to a canvas position on it.
func menuLabels(menu fyne.CanvasObject) map[string]fyne.Position {
	out := map[string]fyne.Position{}
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out[x.Text] = at.Add(fyne.NewPos(2, 2))
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child, at.Add(child.Position()))
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(x).Objects() {
				walk(child, at.Add(child.Position()))
			}
		}
	}
	walk(menu, fyne.CurrentApp().Driver().AbsolutePositionForObject(menu))
	return out
}

func TestPaneHighlightTapped(t *testing.T) {
	body := "Officials said the ferry would resume on Monday, the gazette reported."
	idx := func(sub string) annotate.Span {
		a := cpIndex(t, body, sub)
		return annotate.Span{Start: a, End: a + annotate.RuneLen(sub)}
	}
	yellow := color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}
	blue := color.NRGBA{R: 0x42, G: 0x8b, B: 0xf5, A: 0xff}
	hs := []reading.Highlight{
		{ID: 1, Span: idx("the ferry would resume on Monday"), Color: yellow},
		{ID: 2, Span: idx("resume"), Color: blue},
		{ID: -7, Span: idx("gazette"), Color: blue, Style: reading.HighlightUnderline},
	}
	tests := []struct {
		name     string
		on       string
		emphasis int64
		want     int64 // 0: no call
	}{
		{"outer highlight", "ferry", 0, 1},
		{"nested highlight wins", "sume", 0, 2},
		{"emphasised highlight wins", "sume", 1, 1},
		{"detected quote", "zette", 0, -7},
		{"plain text", "Officials", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			p, w := showPane(t, body, fyne.NewSize(600, 200))
			p.SetHighlights(hs)
			p.SetEmphasis(tt.emphasis)
			var got int64
			p.OnHighlightTapped = func(id int64) { got = id }
			click(t, w.Canvas(), charPoint(p, cpIndex(t, body, tt.on)), 1)
			if got != tt.want {
				t.Errorf("OnHighlightTapped(%d), want %d", got, tt.want)
			}
		})
	}
}

func TestPaneRendersHighlights(t *testing.T) {
	test.NewTempApp(t)
	p, w := showPane(t, sample, fyne.NewSize(240, 260))
	span := func(sub string) annotate.Span {
		a := cpIndex(t, sample, sub)
		return annotate.Span{Start: a, End: a + annotate.RuneLen(sub)}
	}
	p.SetHighlights([]reading.Highlight{
		{ID: 1, Span: span("authority said on Tuesday that the bridge"), Color: color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}},
		{ID: 2, Span: span("Tuesday"), Color: color.NRGBA{R: 0x42, G: 0x8b, B: 0xf5, A: 0xff}},
		{ID: 3, Span: span("delayed.\n\nZoë Marchetti"), Color: color.NRGBA{R: 0x66, G: 0xbb, B: 0x6a, A: 0xff}},
		{ID: -1, Span: span("“Ça suffit!”"), Color: color.NRGBA{R: 0xab, G: 0x47, B: 0xbc, A: 0xff}, Style: reading.HighlightUnderline},
	})
	p.SetEmphasis(3)
	p.SetSelection(span("e\u0301te\u0301 came"))
	assertMarkup(t, "highlights.xml", w.Canvas())
}

// assertMarkup compares the canvas with a golden file, or rewrites the file
// with -update.
func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, c)
}

func TestPaneDrawsOnlyVisibleRows(t *testing.T) {
	test.NewTempApp(t)
	body := article(20000)
	p, _ := showPane(t, body, fyne.NewSize(640, 800))

	count := func() (texts []*canvas.Text, all int) {
		for _, o := range test.LaidOutObjects(p) {
			all++
			if txt, ok := o.(*canvas.Text); ok {
				texts = append(texts, txt)
			}
		}
		return texts, all
	}
	texts, all := count()
	_, row := p.OffsetRect(0)
	maxRows := int(800/row.Height) + 2
	if len(texts) == 0 || len(texts) > maxRows || all > 3*maxRows {
		t.Fatalf("%d text objects and %d objects in all for a view of at most %d rows", len(texts), all, maxRows)
	}
	if !strings.HasPrefix(body, texts[0].Text) {
		t.Errorf("first row %q is not the start of the text", texts[0].Text)
	}

	p.ScrollToFraction(1)
	texts, _ = count()
	if last := texts[len(texts)-1].Text; !strings.HasSuffix(body, last) {
		t.Errorf("scrolled to the end, the last row is %q", last)
	}
	if len(texts) > maxRows {
		t.Errorf("%d text objects after scrolling, want at most %d", len(texts), maxRows)
	}
}

func TestPaneScrollToOffset(t *testing.T) {
	test.NewTempApp(t)
	body := article(5000)
	target := annotate.RuneLen(body) * 3 / 4
	p, _ := showPane(t, body, fyne.NewSize(500, 600))
	var fraction float32 = -1
	p.OnScrolled = func(f float32) { fraction = f }

	p.ScrollToOffset(target)
	pos, size := p.OffsetRect(target)
	if pos.Y < 0 || pos.Y+size.Height > 600 {
		t.Errorf("offset %d is at y %v, outside the view", target, pos.Y)
	}
	if fraction < 0.5 || fraction > 0.9 {
		t.Errorf("OnScrolled reported %v, want about 0.75", fraction)
	}
	// in view already: no move
	before := p.ScrollFraction()
	p.ScrollToOffset(target + 1)
	if p.ScrollFraction() != before {
		t.Errorf("scrolling to a visible offset moved the view")
	}

	// ScrollToFraction does not echo through OnScrolled
	fraction = -1
	p.ScrollToFraction(0.25)
	if fraction != -1 {
		t.Errorf("ScrollToFraction called OnScrolled(%v)", fraction)
	}
	if got := p.ScrollFraction(); got < 0.24 || got > 0.26 {
		t.Errorf("ScrollFraction() = %v after ScrollToFraction(0.25)", got)
	}
}

func TestPaneScrollToOffsetBeforeLayout(t *testing.T) {
	test.NewTempApp(t)
	body := article(3000)
	target := annotate.RuneLen(body) - 10
	p := reading.NewPane()
	p.SetText(body)
	p.ScrollToOffset(target)
	w := test.NewWindow(p)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(500, 400))
	pos, _ := p.OffsetRect(target)
	if pos.Y < 0 || pos.Y >= 400 {
		t.Errorf("offset %d at y %v after layout, want it in view", target, pos.Y)
	}
}

func TestPaneResizeKeepsPlace(t *testing.T) {
	test.NewTempApp(t)
	body := article(5000)
	p, w := showPane(t, body, fyne.NewSize(600, 500))
	p.ScrollToFraction(0.5)
	top := p.OffsetAt(fyne.NewPos(10, 10))
	w.Resize(fyne.NewSize(420, 500))
	pos, _ := p.OffsetRect(top)
	if pos.Y < -40 || pos.Y > 60 {
		t.Errorf("after narrowing, offset %d that was at the top is at y %v", top, pos.Y)
	}
}

func TestPaneSetTextResets(t *testing.T) {
	test.NewTempApp(t)
	p, _ := showPane(t, sample, sampleSize)
	p.SetSelection(annotate.Span{Start: 4, End: 11})
	var reported *annotate.Span
	p.OnSelectionChanged = func(sel annotate.Span) { reported = &sel }
	p.SetText("Short.")
	if !p.Selection().Empty() {
		t.Errorf("selection %v survived SetText", p.Selection())
	}
	if reported == nil || !reported.Empty() {
		t.Errorf("OnSelectionChanged not told the selection went: %v", reported)
	}
	if p.Text() != "Short." {
		t.Errorf("Text() = %q", p.Text())
	}
	p.SetSelection(annotate.Span{Start: 2, End: 99})
	if got := p.Selection(); got != (annotate.Span{Start: 2, End: 6}) {
		t.Errorf("SetSelection not clamped: %v", got)
	}
}
