package annotate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// applyOps rebuilds both texts from a diff: the equal and delete ops give
// the first, the equal and insert ops the second.
func applyOps(ops []DiffOp) (a, b string) {
	var sa, sb strings.Builder
	for _, op := range ops {
		switch op.Op {
		case OpEqual:
			sa.WriteString(op.Text)
			sb.WriteString(op.Text)
		case OpDelete:
			sa.WriteString(op.Text)
		case OpInsert:
			sb.WriteString(op.Text)
		}
	}
	return sa.String(), sb.String()
}

// checkDiff checks the invariants every WordDiff keeps.
func checkDiff(t *testing.T, a, b string, d WordDiff) {
	t.Helper()
	if ga, gb := applyOps(d.Ops); ga != a || gb != b {
		t.Fatalf("ops do not rebuild the texts:\n a   %q\n got %q\n b   %q\n got %q\n ops %q", a, ga, b, gb, d.Ops)
	}
	for k, op := range d.Ops {
		if op.Text == "" {
			t.Errorf("op %d is empty: %q", k, d.Ops)
		}
		if k > 0 && d.Ops[k-1].Op == op.Op {
			t.Errorf("ops %d and %d share kind %s: %q", k-1, k, op.Op, d.Ops)
		}
		if k > 0 && d.Ops[k-1].Op == OpInsert && op.Op == OpDelete {
			t.Errorf("insert before delete at %d: %q", k, d.Ops)
		}
	}
	if d.Similarity < 0 || d.Similarity > 1 {
		t.Errorf("similarity %v outside [0, 1]", d.Similarity)
	}
}

func TestDiffWords(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		ops  string // ops as "=kept -deleted +inserted", separated by |
		sim  float64
	}{
		{
			name: "same text",
			a:    "We will reopen the bridge.",
			b:    "We will reopen the bridge.",
			ops:  "=We will reopen the bridge.",
			sim:  1,
		},
		{
			name: "one word changed",
			a:    "Our crews restored power to every home.",
			b:    "Our crews restored electricity to every home.",
			ops:  "=Our crews restored |-power|+electricity|= to every home.",
			sim:  6.0 / 7,
		},
		{
			name: "trimmed at both ends",
			a:    "Frankly, the council has failed Eastbrook, and we will fight this budget.",
			b:    "the council has failed Eastbrook",
			ops:  "-Frankly, |=the council has failed Eastbrook|-, and we will fight this budget.",
			sim:  2 * 5.0 / 17,
		},
		{
			name: "punctuation and marks only",
			a:    "We don't have the money, and we never did.",
			b:    "We don’t have the money; and we never did!",
			ops:  "=We don|-'|+’|=t have the money|-,|+;|= and we never did|-.|+!",
			sim:  1,
		},
		{
			name: "shared words between changes stay shared",
			a:    "The plan will cut bus fares for students this autumn.",
			b:    "The plan will double the bus budget for pensioners this autumn.",
			ops:  "=The plan will |-cut|+double the|= bus |-fares|+budget|= for |-students|+pensioners|= this autumn.",
			sim:  2 * 7.0 / 21,
		},
		{
			name: "rewritten sentence is one change",
			a:    "We were told the money would arrive by the spring.",
			b:    "Nobody told us a thing about when the grant would come.",
			ops:  "-We were told the money would arrive by the spring|+Nobody told us a thing about when the grant would come|=.",
			sim:  2 * 3.0 / 21,
		},
		{
			name: "from empty",
			a:    "",
			b:    "New words.",
			ops:  "+New words.",
			sim:  0,
		},
		{
			name: "to empty",
			a:    "Old words.",
			b:    "",
			ops:  "-Old words.",
			sim:  0,
		},
		{
			name: "no words at all",
			a:    "…",
			b:    "—",
			ops:  "-…|+—",
			sim:  1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DiffWords(tt.a, tt.b)
			checkDiff(t, tt.a, tt.b, d)
			if got := formatOps(d.Ops); got != tt.ops {
				t.Errorf("ops\n got  %s\n want %s", got, tt.ops)
			}
			if diff := d.Similarity - tt.sim; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("similarity = %v, want %v", d.Similarity, tt.sim)
			}
		})
	}
}

// formatOps writes ops compactly for comparison in tests.
func formatOps(ops []DiffOp) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		mark := map[OpKind]string{OpEqual: "=", OpDelete: "-", OpInsert: "+"}[op.Op]
		parts[i] = mark + op.Text
	}
	return strings.Join(parts, "|")
}

// TestDiffWordsRebuilds checks the ops rebuild both texts over generated
// variants of quotes and over texts built to defeat the ASCII stand-ins.
func TestDiffWordsRebuilds(t *testing.T) {
	qs, labels := GenerateQuotes(3, 1500)
	byLabel := map[int][]string{}
	for i, q := range qs {
		byLabel[labels[i]] = append(byLabel[labels[i]], q.Text)
	}
	pairs := 0
	for _, texts := range byLabel {
		for i := 1; i < len(texts); i++ {
			checkDiff(t, texts[0], texts[i], DiffWords(texts[0], texts[i]))
			pairs++
		}
	}
	// Two texts with hundreds of distinct tokens, where the semantic
	// clean-up cannot be trusted and the raw diff is used.
	r := rand.New(rand.NewPCG(1, 2))
	var a, b []string
	for i := range 400 {
		w := fmt.Sprintf("w%d", i)
		a = append(a, w)
		if r.IntN(5) > 0 {
			b = append(b, w)
		} else {
			b = append(b, fmt.Sprintf("x%d,", i))
		}
	}
	checkDiff(t, strings.Join(a, " "), strings.Join(b, " "), DiffWords(strings.Join(a, " "), strings.Join(b, " ")))
	t.Logf("%d generated pairs", pairs)
}

func FuzzDiffWords(f *testing.F) {
	f.Add("We will not raise taxes.", "We won’t raise taxes!")
	f.Add("“Split,” she said, “quote.”", "Split quote")
	f.Add("", "x")
	f.Add("a\xffb c", "a b\xfe c")
	f.Add("line one\n\nline two", "line one\nline 2")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := DiffWords(a, b)
		checkDiff(t, a, b, d)
		if a == b && d.Similarity != 1 {
			t.Errorf("similarity of a text with itself = %v", d.Similarity)
		}
	})
}

func TestPunctOnly(t *testing.T) {
	tests := []struct {
		op   DiffOp
		want bool
	}{
		{DiffOp{Op: OpInsert, Text: ","}, true},
		{DiffOp{Op: OpDelete, Text: "’"}, true},
		{DiffOp{Op: OpInsert, Text: " — "}, true},
		{DiffOp{Op: OpDelete, Text: "."}, true},
		{DiffOp{Op: OpInsert, Text: "new"}, false},
		{DiffOp{Op: OpDelete, Text: ", and"}, false},
		{DiffOp{Op: OpEqual, Text: ","}, false},
		{DiffOp{Op: OpInsert, Text: ""}, false},
		{DiffOp{Op: OpInsert, Text: "3"}, false},
	}
	for _, tt := range tests {
		if got := tt.op.PunctOnly(); got != tt.want {
			t.Errorf("%s %q: PunctOnly = %v, want %v", tt.op.Op, tt.op.Text, got, tt.want)
		}
	}
}

func TestNormalizeWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"We don’t know.", []string{"we", "do", "not", "know"}},
		{"We don't KNOW", []string{"we", "do", "not", "know"}},
		{"We’ll see; we'll", []string{"we", "will", "see", "we", "will"}},
		{"Well, we cannot.", []string{"well", "we", "can", "not"}},
		{"It's its own; we're, were", []string{"it", "is", "its", "own", "we", "are", "were"}},
		{"“Outlets’ words,” she said", []string{"outlets", "words", "she", "said"}},
		{"a well-known fact—really", []string{"a", "well", "known", "fact", "really"}},
		{"1,200 jobs at 3.5 percent", []string{"1200", "jobs", "at", "35", "percent"}},
		{"'quoted'", []string{"quoted"}},
		{"Élan, ÉLAN, café, café", []string{"elan", "elan", "cafe", "cafe"}},
		{"Straße, Œuvre", []string{"strasse", "oeuvre"}},
		{"... — !", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := NormalizeWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("NormalizeWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRuneAlphabet checks stand-ins are distinct, of the token's kind while
// they last, and never rune 0 or a surrogate.
func TestRuneAlphabet(t *testing.T) {
	var a runeAlphabet
	seen := map[rune]bool{}
	for i := range 70000 {
		c := tokenClass(i % 4)
		r := a.take(c)
		if seen[r] {
			t.Fatalf("stand-in %U handed out twice", r)
		}
		seen[r] = true
		if r == 0 || r >= 0xD800 && r < 0xE000 || !utf8.ValidRune(r) {
			t.Fatalf("bad stand-in %U", r)
		}
		if i < 8 && !strings.ContainsRune(standIns(c), r) {
			t.Errorf("token %d of class %d got %q, not one of its own", i, c, r)
		}
	}
	if a.allASCII() {
		t.Error("allASCII after 70000 stand-ins")
	}
}

func BenchmarkDiffWordsLong(b *testing.B) {
	qs, _ := GenerateQuotes(5, 200)
	x, y := qs[0].Text, qs[1].Text
	for b.Loop() {
		DiffWords(x, y)
	}
}
