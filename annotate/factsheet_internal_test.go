package annotate

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWholeWordOps(t *testing.T) {
	tests := []struct {
		a, b string
		want []DiffOp
	}{
		{"we’ll make this", "we will make this", []DiffOp{
			{OpDelete, "we’ll"}, {OpInsert, "we will"}, {OpEqual, " make this"}}},
		// punctuation stays a punctuation change
		{"the decade,", "the decade.", []DiffOp{{OpEqual, "the decade"}, {OpDelete, ","}, {OpInsert, "."}}},
		{"one two three", "one two three", []DiffOp{{OpEqual, "one two three"}}},
	}
	for _, tt := range tests {
		got := wholeWordOps(DiffWords(tt.a, tt.b).Ops)
		if !opsRebuild(got, tt.a, tt.b) {
			t.Errorf("%q → %q: ops %v do not rebuild the texts", tt.a, tt.b, got)
		}
		if !equalOps(got, tt.want) {
			t.Errorf("%q → %q: got %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	// Property: on random edits of a sentence, the ops still turn one text
	// into the other and never split a word between equal and changed text.
	words := strings.Fields("we’ll make this the most important decision of the decade, said Mayor Inès Okafor; don't rock-solid 7–2 vote")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		a := randomSentence(rng, words)
		b := randomSentence(rng, words)
		ops := wholeWordOps(DiffWords(a, b).Ops)
		if !opsRebuild(ops, a, b) {
			t.Fatalf("%q → %q: ops %v do not rebuild the texts", a, b, ops)
		}
		for k := 1; k < len(ops); k++ {
			x, y := ops[k-1], ops[k]
			if (x.Op == OpEqual) != (y.Op == OpEqual) && sheetWordRune(lastRune(x.Text)) && sheetWordRune(firstRune(y.Text)) {
				t.Fatalf("%q → %q: word split between %v and %v", a, b, x, y)
			}
		}
	}
}

func randomSentence(rng *rand.Rand, words []string) string {
	n := 3 + rng.IntN(8)
	out := make([]string, n)
	for i := range out {
		w := words[rng.IntN(len(words))]
		if rng.IntN(6) == 0 {
			r := []rune(w)
			w = string(r[:(len(r)+1)/2]) // a cut word, like a typo
		}
		out[i] = w
	}
	return strings.Join(out, " ")
}

func equalOps(a, b []DiffOp) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
