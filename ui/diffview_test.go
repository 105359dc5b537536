package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"factdesk/annotate"
)

// tokString writes tokens compactly: "+" before a glued token, "_" after
// one followed by a space, the style after a slash unless plain.
func tokString(toks []diffTok) string {
	var parts []string
	for _, t := range toks {
		s := t.text
		if t.glued {
			s = "+" + s
		}
		if t.style != styleSame {
			s += "/" + t.style.String()
		}
		if t.space {
			s += "_"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		runs []diffRun
		want string
	}{
		{"plain", plainRuns("  We will\n\nbuild   it. "), "We_ will_ build_ it."},
		{"punctuation glued", []diffRun{{Text: "a plan"}, {Text: ".", Style: stylePunctDropped}, {Text: ",", Style: stylePunct}, {Text: " he said"}},
			"a_ plan +./punct-dropped +,/punct_ he_ said"},
		{"replaced word kept apart", []diffRun{{Text: "We "}, {Text: "will", Style: styleDropped}, {Text: "shall", Style: styleAdded}, {Text: " go"}},
			"We_ will/dropped_ shall/added_ go"},
		{"run boundary inside a word", []diffRun{{Text: "bridge"}, {Text: "s", Style: styleAdded}}, "bridge +s/added"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokString(tokenize(tt.runs)); got != tt.want {
				t.Errorf("tokens %q, want %q", got, tt.want)
			}
		})
	}
}

// runsText is the text of the runs whose style keep accepts, white space
// collapsed.
func runsText(runs []diffRun, keep ...diffStyle) string {
	var b strings.Builder
	for _, r := range runs {
		if slices.Contains(keep, r.Style) {
			b.WriteString(r.Text)
		}
	}
	return collapseSpace(b.String())
}

func TestVariantAndSideRuns(t *testing.T) {
	tests := []struct{ a, b string }{
		{"We will build it by spring.", "We will build the bridge by spring,"},
		{"The fleet stays. That is written into the agreement.", "The fleet stays, that is in the agreement"},
		{"Same words here.", "Same words here."},
		{"“Quoted,” she said.", "\"Quoted\" she said"},
	}
	for _, tt := range tests {
		t.Run(tt.b, func(t *testing.T) {
			d := annotate.DiffWords(tt.a, tt.b)
			ops := make([]annotate.VariantOp, len(d.Ops))
			for i, op := range d.Ops {
				ops[i] = annotate.VariantOp{DiffOp: op, PunctOnly: op.PunctOnly()}
			}
			runs := variantRuns(ops)
			// A variant row reads as the variant with its dropped words
			// struck in: without them it is the variant, without its
			// additions the reference.
			if got := runsText(runs, styleSame, styleAdded, stylePunct); got != collapseSpace(tt.b) {
				t.Errorf("variant text %q, want %q", got, tt.b)
			}
			if got := runsText(runs, styleSame, styleDropped, stylePunctDropped); got != collapseSpace(tt.a) {
				t.Errorf("reference text %q, want %q", got, tt.a)
			}
			for i, r := range runs {
				punct := r.Style == stylePunct || r.Style == stylePunctDropped
				if punct != ops[i].PunctOnly {
					t.Errorf("run %q styled %s, op punct-only %v", r.Text, r.Style, ops[i].PunctOnly)
				}
			}
			a, b := sideRuns(d.Ops)
			if got := runsText(a, styleSame, styleDropped, stylePunctDropped); got != collapseSpace(tt.a) {
				t.Errorf("left side %q, want %q", got, tt.a)
			}
			if got := runsText(b, styleSame, styleAdded, stylePunct); got != collapseSpace(tt.b) {
				t.Errorf("right side %q, want %q", got, tt.b)
			}
			if slices.ContainsFunc(a, func(r diffRun) bool { return r.Style == styleAdded || r.Style == stylePunct }) ||
				slices.ContainsFunc(b, func(r diffRun) bool { return r.Style == styleDropped || r.Style == stylePunctDropped }) {
				t.Error("a side shows the other side's changes")
			}
		})
	}
}

func TestDiffTextWraps(t *testing.T) {
	test.NewTempApp(t)
	runs := []diffRun{{Text: "We have been sold a brochure"}, {Text: ".", Style: stylePunctDropped}, {Text: ",", Style: stylePunct},
		{Text: " not a plan for the harbour and the fleet that "}, {Text: "works", Style: styleDropped}, {Text: "fishes", Style: styleAdded},
		{Text: " there."}}
	d := newDiffText(runs)
	one := d.heightFor(0)
	if one <= 0 {
		t.Fatalf("height on one line %v", one)
	}
	prev := one
	for _, width := range []float32{2000, 400, 200, 90} {
		h := d.heightFor(width)
		if h < prev && width < 2000 {
			t.Errorf("height %v at width %v, less than %v at a wider width", h, width, prev)
		}
		prev = h
		_, lines, n := d.wrap(width, nil, nil)
		if width == 2000 && n != 1 {
			t.Errorf("%d lines at width 2000", n)
		}
		for i, tok := range d.tokens() {
			if tok.glued && lines[i] != lines[i-1] {
				t.Errorf("width %v: %q wrapped away from the word it is glued to", width, tok.text)
			}
		}
	}
	if d.heightFor(90) <= one {
		t.Error("text does not wrap at a narrow width")
	}
	if got := d.String(); got != "We have been sold a brochure., not a plan for the harbour and the fleet that works fishes there." {
		t.Errorf("String() = %q", got)
	}
}

func TestDiffTextRenders(t *testing.T) {
	test.NewTempApp(t)
	d := newDiffText([]diffRun{{Text: "We will build "}, {Text: "it", Style: styleDropped}, {Text: "the bridge", Style: styleAdded},
		{Text: " by spring"}, {Text: ".", Style: stylePunctDropped}, {Text: ",", Style: stylePunct}, {Text: " the mayor said."}})
	col := &wrapColumn{}
	w := test.NewWindow(container.New(col, d))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(220, 90))
	assertMarkup(t, "compare/difftext.xml", w.Canvas())
}

func TestAlignGridBands(t *testing.T) {
	test.NewTempApp(t)
	ref := "We will build it by spring."
	texts := []string{"We will build the bridge by spring,", "We will build it by the spring."}
	g := newAlignGrid(annotate.AlignVariants(ref, texts), "Canonical", []string{"Valley Gazette", "A very long outlet name that is cut"})
	wide, narrow := g.heightFor(2000), g.heightFor(300)
	if want := 3 * g.rowH(); wide != want {
		t.Errorf("one band: height %v, want %v", wide, want)
	}
	if narrow <= wide {
		t.Errorf("height %v at 300 px, not more than %v on one band", narrow, wide)
	}
	var tapped []int
	g.OnTapRow = func(r int) { tapped = append(tapped, r) }
	w := test.NewWindow(container.New(&wrapColumn{}, g))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(300, narrow))
	assertMarkup(t, "compare/aligngrid.xml", w.Canvas())
	// Rows are found in the second band too.
	bandH := 3*g.rowH() + g.bandGap()
	for _, y := range []float32{g.rowH() / 2, g.rowH() * 1.5, bandH + g.rowH()*2.5} {
		test.TapCanvas(w.Canvas(), fyne.NewPos(g.labelW+20, y))
	}
	if fmt.Sprint(tapped) != "[0 1 2]" {
		t.Errorf("tapped rows %v, want [0 1 2]", tapped)
	}
}
