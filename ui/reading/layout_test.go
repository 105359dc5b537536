package reading

import (
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
)

// monoMeasurer measures text as if every cluster were cellWidth wide,
// ideographs twice that and combining characters nothing, so layouts in
// these tests do not depend on a font.
type monoMeasurer struct{}

const cellWidth = 10

func (monoMeasurer) word(s string) float32 {
	var w float32
	for _, r := range s {
		switch {
		case isExtender(r):
		case isIdeographic(r):
			w += 2 * cellWidth
		default:
			w += cellWidth
		}
	}
	return w
}

// testMetrics lays out with 20-unit rows and a 10-unit paragraph gap.
func testMetrics(wrap float32) metrics {
	return metrics{wrap: wrap, lineHeight: 20, paraGap: 10, space: cellWidth, spacing: 4}
}

func layoutOf(body string, wrap float32) *textLayout {
	return newTextLayout(annotate.NewText(body), monoMeasurer{}, testMetrics(wrap))
}

// rows returns the text of each laid-out row.
func rows(l *textLayout) []string {
	var out []string
	for _, ln := range l.lines {
		out = append(out, l.text.String()[ln.bstart:ln.bend])
	}
	return out
}

func TestLayoutWraps(t *testing.T) {
	tests := []struct {
		name string
		body string
		wrap float32
		want []string
		ends []lineEnd
	}{
		{"fits", "one two", 100, []string{"one two"}, []lineEnd{endText}},
		{"wraps at spaces", "aaa bbb ccc ddd", 75, []string{"aaa bbb ", "ccc ddd"}, []lineEnd{endWrap, endText}},
		{"trailing spaces hang", "aaa    bbb", 40, []string{"aaa    ", "bbb"}, []lineEnd{endWrap, endText}},
		{"long word broken", "abcdefghij", 45, []string{"abcd", "efgh", "ij"}, []lineEnd{endWrap, endWrap, endText}},
		{"line break", "ab\ncd", 100, []string{"ab", "cd"}, []lineEnd{endLine, endText}},
		{"paragraphs", "ab\n\ncd\n\n\nef", 100, []string{"ab", "cd", "ef"}, []lineEnd{endPara, endPara, endText}},
		{"crlf paragraphs", "ab\r\n\r\ncd", 100, []string{"ab", "cd"}, []lineEnd{endPara, endText}},
		{"combining marks stay with their letter", "e\u0301e\u0301e\u0301e\u0301", 25, []string{"e\u0301e\u0301", "e\u0301e\u0301"}, []lineEnd{endWrap, endText}},
		{"ideographs break anywhere", "東京の空は青い", 50, []string{"東京", "の空", "は青", "い"}, []lineEnd{endWrap, endWrap, endWrap, endText}},
		{"no break before closing punctuation", "東京。大阪", 50, []string{"東", "京。", "大阪"}, []lineEnd{endWrap, endWrap, endText}},
		{"emoji sequence kept whole", "ab 👩\u200d👧 cd", 45, []string{"ab ", "👩\u200d👧 ", "cd"}, []lineEnd{endWrap, endWrap, endText}},
		{"empty", "", 100, []string{""}, []lineEnd{endText}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layoutOf(tt.body, tt.wrap)
			got := rows(l)
			if len(got) != len(tt.want) {
				t.Fatalf("rows = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] || l.lines[i].brk != tt.ends[i] {
					t.Errorf("row %d = %q (end %d), want %q (end %d)", i, got[i], l.lines[i].brk, tt.want[i], tt.ends[i])
				}
			}
			// rows tile the text: code points and bytes agree
			for _, ln := range l.lines {
				if n := annotate.RuneLen(l.text.String()[ln.bstart:ln.bend]); n != ln.end-ln.start {
					t.Errorf("row %d-%d holds %d code points", ln.start, ln.end, n)
				}
				if l.text.Byte(ln.start) != ln.bstart {
					t.Errorf("row start %d at byte %d, want %d", ln.start, ln.bstart, l.text.Byte(ln.start))
				}
			}
		})
	}
}

func TestLayoutRowTops(t *testing.T) {
	l := layoutOf("aaa bbb\nccc\n\nddd", 40)
	want := []float32{0, 20, 40, 70} // wrap, line break, paragraph gap of 10
	for i, ln := range l.lines {
		if ln.top != want[i] {
			t.Errorf("row %d top = %v, want %v", i, ln.top, want[i])
		}
	}
	if l.height != 90 {
		t.Errorf("height = %v, want 90", l.height)
	}
	wantParas := []annotate.Span{{Start: 0, End: 11}, {Start: 13, End: 16}}
	if len(l.paras) != len(wantParas) || l.paras[0] != wantParas[0] || l.paras[1] != wantParas[1] {
		t.Errorf("paras = %v, want %v", l.paras, wantParas)
	}
}

func TestOffsetAt(t *testing.T) {
	// rows: "hello " (0-6) y 0, "world" (6-11) y 20; paragraph gap;
	// "café" (13-17) y 50; "e\u0301x" (18-21) y 70
	body := "hello world\n\ncafé\ne\u0301x"
	l := layoutOf(body, 60)
	tests := []struct {
		name string
		pos  fyne.Position
		want int
	}{
		{"start", fyne.NewPos(0, 5), 0},
		{"left half of a letter", fyne.NewPos(14, 5), 1},
		{"right half of a letter", fyne.NewPos(16, 5), 2},
		{"after row text on a wrapped row", fyne.NewPos(200, 5), 6},
		{"second row", fyne.NewPos(21, 25), 8},
		{"paragraph gap belongs to the row above", fyne.NewPos(200, 45), 11},
		{"multi-byte row", fyne.NewPos(36, 55), 17},
		{"combining mark is not a stop", fyne.NewPos(6, 75), 20},
		{"end of text", fyne.NewPos(200, 75), 21},
		{"above the text", fyne.NewPos(50, -3), 0},
		{"below the text", fyne.NewPos(0, 500), 21},
		{"left of the text", fyne.NewPos(-20, 25), 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.offsetAt(tt.pos); got != tt.want {
				t.Errorf("offsetAt(%v) = %d, want %d", tt.pos, got, tt.want)
			}
		})
	}
}

func TestRectOfRoundTrip(t *testing.T) {
	body := "Ana Lirio said: “Los niños comen crème brûlée.”\n\n東京で会議。Zoë 👍🏽 ok e\u0301\u0302 🇫🇷 end"
	l := layoutOf(body, 120)
	text := l.text
	for off := 0; off < text.Len(); off = nextCluster(text, off) {
		pos, size := l.rectOf(off)
		if r, _ := firstRune(text, off); isNewline(r) {
			continue
		}
		center := pos.Add(fyne.NewPos(size.Width/2, size.Height/2))
		if got := l.charAt(center); got != off {
			t.Errorf("charAt(center of %d %q) = %d", off, text.Slice(annotate.Span{Start: off, End: nextCluster(text, off)}), got)
		}
		left := pos.Add(fyne.NewPos(1, size.Height/2))
		if got := l.offsetAt(left); got != off {
			t.Errorf("offsetAt(left edge of %d) = %d", off, got)
		}
		if size.Width <= 0 {
			t.Errorf("cluster at %d has no width", off)
		}
	}
}

func firstRune(t annotate.Text, off int) (rune, bool) {
	for _, r := range t.Slice(annotate.Span{Start: off, End: off + 1}) {
		return r, true
	}
	return 0, false
}

func TestSpanRects(t *testing.T) {
	// rows: "aaa bbb " y 0, "ccc" y 20 (line break), "ddd" y 50 (after gap)
	l := layoutOf("aaa bbb ccc\n\nddd", 80)
	type rect struct{ x, y, w float32 }
	tests := []struct {
		name  string
		span  annotate.Span
		first int
		last  int
		want  []rect
	}{
		{"inside a row", annotate.Span{Start: 1, End: 3}, 0, 2, []rect{{10, 0, 20}}},
		{"across a wrap", annotate.Span{Start: 4, End: 10}, 0, 2, []rect{{40, 0, 40}, {0, 20, 20}}},
		{"across a paragraph break shows the break", annotate.Span{Start: 9, End: 15}, 0, 2, []rect{{10, 20, 30}, {0, 50, 20}}},
		{"clipped to visible rows", annotate.Span{Start: 0, End: 16}, 1, 1, []rect{{0, 20, 40}}},
		{"empty", annotate.Span{Start: 5, End: 5}, 0, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []rect
			l.spanRects(tt.span, tt.first, tt.last, func(pos fyne.Position, size fyne.Size) {
				if size.Height != 20 {
					t.Errorf("rect height %v, want 20", size.Height)
				}
				got = append(got, rect{pos.X, pos.Y, size.Width})
			})
			if len(got) != len(tt.want) {
				t.Fatalf("rects = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("rect %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestWordAt(t *testing.T) {
	body := "“Don’t,” said Zoë — e\u0301te\u0301 東京都 42.5"
	text := annotate.NewText(body)
	idx := func(sub string) int { return cpIndex(t, body, sub) }
	tests := []struct {
		name string
		off  int
		want string
	}{
		{"word with apostrophe", idx("on’t"), "Don’t"},
		{"opening quote alone", 0, "“"},
		{"comma", idx(",”"), ","},
		{"word with diaeresis", idx("oë"), "Zoë"},
		{"space run", idx(" —"), " "},
		{"dash", idx("—"), "—"},
		{"combining marks", idx("te\u0301 "), "e\u0301te\u0301"},
		{"ideographs", idx("京"), "東京都"},
		{"digits", idx("42"), "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.Slice(wordAt(text, tt.off)); got != tt.want {
				t.Errorf("wordAt(%d) = %q, want %q", tt.off, got, tt.want)
			}
		})
	}
}

func TestClusterSteps(t *testing.T) {
	body := "ae\u0301👍🏽🇫🇷👩\u200d👧b"
	text := annotate.NewText(body)
	var forward []int
	for off := 0; off < text.Len(); {
		off = nextCluster(text, off)
		forward = append(forward, off)
	}
	want := []int{1, 3, 5, 7, 10, 11}
	if len(forward) != len(want) {
		t.Fatalf("stops = %v, want %v", forward, want)
	}
	for i := range want {
		if forward[i] != want[i] {
			t.Fatalf("stops = %v, want %v", forward, want)
		}
	}
	for i := len(want) - 1; i > 0; i-- {
		if got := prevCluster(text, want[i]); got != want[i-1] {
			t.Errorf("prevCluster(%d) = %d, want %d", want[i], got, want[i-1])
		}
	}
}

func TestParagraphAt(t *testing.T) {
	l := layoutOf("first one\nstill first\n\nsecond", 1000)
	tests := []struct {
		off  int
		want annotate.Span
	}{
		{0, annotate.Span{Start: 0, End: 21}},
		{12, annotate.Span{Start: 0, End: 21}},
		{23, annotate.Span{Start: 23, End: 29}},
		{29, annotate.Span{Start: 23, End: 29}},
	}
	for _, tt := range tests {
		if got := l.paragraphAt(tt.off); got != tt.want {
			t.Errorf("paragraphAt(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

func TestFlashPulse(t *testing.T) {
	if flashPulse(0) != 0 || flashPulse(1) != 0 {
		t.Errorf("flash does not rest at its ends: %v, %v", flashPulse(0), flashPulse(1))
	}
	if flashPulse(0.25) < 0.5 || flashPulse(0.75) < 0.5 {
		t.Errorf("flash too weak at its peaks: %v, %v", flashPulse(0.25), flashPulse(0.75))
	}
	if flashPulse(0.5) > 0.05 {
		t.Errorf("flash does not pulse twice: %v at the middle", flashPulse(0.5))
	}
}

// cpIndex returns the code-point index of sub in s.
func cpIndex(t *testing.T, s, sub string) int {
	t.Helper()
	for i, cp := 0, 0; i < len(s); cp++ {
		if len(s[i:]) >= len(sub) && s[i:i+len(sub)] == sub {
			return cp
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	t.Fatalf("%q not in %q", sub, s)
	return -1
}

// TestSummedWidthsMatchShapedRows checks that measuring a row as the sum of
// its words and spaces, as the layout does, places characters where Fyne
// draws them when it shapes the whole row.
func TestSummedWidthsMatchShapedRows(t *testing.T) {
	test.NewTempApp(t)
	const size = 14
	m := newFontMeasurer()
	m.setFont(size, fyne.TextStyle{})
	body := "The ferry to Vågø resumed on Monday, said Zoë Marchetti of the Northgate Courier. " +
		"“We were never told why,” one passenger, Tomas Velde, said. Officials in 東京 declined to comment; " +
		"e\u0301te\u0301 👍🏽 AVATAR Type 1.5 “quoted” — end."
	l := newTextLayout(annotate.NewText(body), m, metrics{wrap: 260, lineHeight: 20, space: m.word(" ")})
	if len(l.lines) < 3 {
		t.Fatalf("want a few rows, got %d", len(l.lines))
	}
	s := l.text.String()
	worst := float32(0)
	for li := range l.lines {
		ln := &l.lines[li]
		for off := ln.start; off <= ln.end; off = nextCluster(l.text, off) {
			shaped := fyne.MeasureText(s[ln.bstart:l.byteAt(ln, off)], size, fyne.TextStyle{}).Width
			d := l.xAt(li, off) - shaped
			if d < 0 {
				d = -d
			}
			worst = max(worst, d)
			if d > 1 {
				t.Errorf("row %d offset %d: x %v, shaped %v", li, off, l.xAt(li, off), shaped)
			}
			if off == ln.end {
				break
			}
		}
	}
	t.Logf("largest difference: %.3f px", worst)
}
