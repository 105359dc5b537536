package annotate_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"factdesk/annotate"
)

// syntheticBody writes about n words of article-like text: sentences drawn
// from the fixture's vocabulary, some of them quoted, in paragraphs of three
// to five sentences.
func syntheticBody(tb testing.TB, n int, rng *rand.Rand) string {
	tb.Helper()
	vocab := strings.FieldsFunc(loadAnchorFixture(tb), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '’'
	})
	var b strings.Builder
	words := 0
	for words < n {
		if words > 0 {
			b.WriteString("\n\n")
		}
		for s, ns := 0, 3+rng.IntN(3); s < ns; s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			quoted := rng.IntN(4) == 0
			if quoted {
				b.WriteString("“")
			}
			for w, nw := 0, 8+rng.IntN(18); w < nw; w++ {
				runeWord := vocab[rng.IntN(len(vocab))]
				if w == 0 {
					r := []rune(runeWord)
					r[0] = unicode.ToUpper(r[0])
					runeWord = string(r)
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(runeWord)
				if w > 2 && w < nw-2 && rng.IntN(9) == 0 {
					b.WriteByte(',')
				}
				words++
			}
			b.WriteByte('.')
			if quoted {
				b.WriteString("” " + []string{"she said.", "he said.", "Nwosu said.", "said Fairweather."}[rng.IntN(4)])
			}
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// scatteredEdits makes an update of a long body the way outlets revise
// articles: sentences inserted, typos fixed, paragraphs deleted, moved and
// rewritten, here and there. It returns the new body, and for each span the
// place it should take, or ok false when an qualityEdit touched it.
func scatteredEdits(body string, spans []annotate.Span, rng *rand.Rand, edits int) (string, []annotate.Span, []bool) {
	rs := []rune(body)
	paras := paragraphSpans(rs)
	var reps []replacement
	used := make([]bool, len(paras))
	for range edits {
		pi := rng.IntN(len(paras))
		if used[pi] {
			continue
		}
		used[pi] = true
		p := paras[pi]
		ws := runeWords(rs, p.Start, p.End)
		switch rng.IntN(4) {
		case 0: // a sentence inserted at the start of the paragraph
			reps = append(reps, replacement{p.Start, p.Start, "A council spokesman confirmed the figures on Tuesday. "})
		case 1: // a typo fixed
			if k := pickLongWord(ws, rng); k >= 0 {
				reps = append(reps, typoIn(rs, ws[k], rng))
			}
		case 2: // the paragraph deleted
			if pi+1 < len(paras) {
				reps = append(reps, replacement{p.Start, paras[pi+1].Start, ""})
			}
		case 3: // a few words rewritten
			for _, k := range rng.Perm(len(ws))[:min(3, len(ws))] {
				reps = append(reps, replacement{ws[k].start, ws[k].end, freshWords[rng.IntN(len(freshWords))]})
			}
		}
	}
	slices.SortFunc(reps, func(a, b replacement) int { return a.start - b.start })
	want := make([]annotate.Span, len(spans))
	ok := make([]bool, len(spans))
	for i, sp := range spans {
		ok[i] = true
		for _, r := range reps {
			if r.start <= sp.End && sp.Start <= r.end {
				ok[i] = false // touched, or an insertion at an edge
			}
		}
		want[i] = mapSpanThrough(sp, reps)
	}
	return applyReplacements(rs, reps), want, ok
}

// randomSpans picks n spans of one to fifteen whole words.
func randomSpans(body string, n int, rng *rand.Rand) []annotate.Span {
	rs := []rune(body)
	ws := runeWords(rs, 0, len(rs))
	out := make([]annotate.Span, n)
	for i := range out {
		k := 1 + rng.IntN(15)
		at := rng.IntN(len(ws) - k)
		out[i] = annotate.Span{Start: ws[at].start, End: ws[at+k-1].end}
	}
	return out
}

func newAnnotations(tb testing.TB, body string, spans []annotate.Span) []annotate.Annotation {
	tb.Helper()
	as := make([]annotate.Annotation, len(spans))
	for i, sp := range spans {
		a, err := annotate.NewAnnotation(1, body, sp, annotate.KindQuote)
		if err != nil {
			tb.Fatalf("annotation %d: %v", i, err)
		}
		a.ID = int64(i + 1)
		as[i] = a
	}
	return as
}

// TestReanchorLargeBody re-anchors annotations on a body of about 1 MB after
// scattered edits, checks every untouched annotation lands exactly where its
// text went, and that the whole run stays within bounded time.
func TestReanchorLargeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("large body: skipped in -short")
	}
	rng := rand.New(rand.NewPCG(7, 11))
	old := syntheticBody(t, 170_000, rng)
	spans := randomSpans(old, 300, rng)
	newBody, want, untouched := scatteredEdits(old, spans, rng, 400)
	as := newAnnotations(t, old, spans)

	start := time.Now()
	got := annotate.ReanchorAll(old, newBody, as)
	elapsed := time.Since(start)

	if len(got) != len(as) {
		t.Fatalf("got %d annotations back, want %d", len(got), len(as))
	}
	n := annotate.NewText(newBody).Len()
	checked, right := 0, 0
	for i, g := range got {
		if err := g.Span.Check(n); err != nil {
			t.Fatalf("annotation %d: %v", i, err)
		}
		if !untouched[i] {
			continue
		}
		checked++
		if g.Span == want[i] && g.Anchor != annotate.AnchorOrphaned && g.Anchor != annotate.AnchorFuzzy {
			right++
		} else {
			t.Errorf("annotation %d %q: want %v, got %v %q (%s)", i, as[i].Exact, want[i], g.Span, g.Exact, g.Anchor)
		}
	}
	t.Logf("%d KB body, %d annotations (%d untouched by the edits, %d placed exactly) in %v",
		len(old)>>10, len(as), checked, right, elapsed.Round(time.Millisecond))
	if elapsed > 30*time.Second {
		t.Errorf("re-anchoring took %v: not bounded", elapsed)
	}
}

// TestReanchorPathological runs inputs built to defeat the search bounds: MB
// bodies of one repeated word, and annotations covering a whole body.
func TestReanchorPathological(t *testing.T) {
	if testing.Short() {
		t.Skip("MB bodies: skipped in -short")
	}
	rep := strings.Repeat("a ", 500_000)
	syn := syntheticBody(t, 170_000, rand.New(rand.NewPCG(1, 2)))
	synLen := annotate.RuneLen(syn)
	for _, tc := range []struct {
		name, old, new string
		sp             annotate.Span
		want           annotate.Anchor // empty: any state
		wantStart      int             // checked when want is not orphaned
	}{
		{name: "repeated word, shifted", old: rep, new: "b " + rep, sp: annotate.Span{Start: 400_000, End: 400_005}},
		{name: "repeated word, all replaced", old: rep, new: strings.Repeat("b ", 500_000),
			sp: annotate.Span{Start: 400_000, End: 400_005}, want: annotate.AnchorOrphaned},
		{name: "whole body, lightly edited", old: syn, new: "Intro. " + strings.Replace(syn, " the ", " THE ", 50),
			sp: annotate.Span{Start: 0, End: synLen}, want: annotate.AnchorFuzzy, wantStart: 7},
		{name: "whole body, replaced", old: syn, new: strings.Repeat("zz ", 300_000),
			sp: annotate.Span{Start: 0, End: synLen}, want: annotate.AnchorOrphaned},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := annotate.NewAnnotation(1, tc.old, tc.sp, annotate.KindNote)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			got := annotate.ReanchorAll(tc.old, tc.new, []annotate.Annotation{a, a, a})
			elapsed := time.Since(start)
			t.Logf("%s %v in %v", got[0].Anchor, got[0].Span, elapsed.Round(time.Millisecond))
			if err := got[0].Span.Check(annotate.RuneLen(tc.new)); err != nil {
				t.Fatal(err)
			}
			if tc.want != "" && got[0].Anchor != tc.want {
				t.Errorf("anchor %s, want %s", got[0].Anchor, tc.want)
			}
			if tc.want != "" && tc.want != annotate.AnchorOrphaned && got[0].Start != tc.wantStart {
				t.Errorf("start %d, want %d", got[0].Start, tc.wantStart)
			}
			if elapsed > 15*time.Second {
				t.Errorf("took %v: not bounded", elapsed)
			}
		})
	}
}

// BenchmarkReanchor re-anchors 200 annotations on a 20,000-runeWord body after a
// realistic update (a few dozen scattered edits).
func BenchmarkReanchor(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 5))
	old := syntheticBody(b, 20_000, rng)
	spans := randomSpans(old, 200, rng)
	newBody, _, _ := scatteredEdits(old, spans, rng, 40)
	as := newAnnotations(b, old, spans)
	b.ReportAllocs()
	for b.Loop() {
		annotate.ReanchorAll(old, newBody, as)
	}
}
