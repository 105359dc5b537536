package annotate

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// updateAlign rewrites the golden files under testdata/align. It has its
// own name so that it cannot clash with another test file's -update flag.
var updateAlign = flag.Bool("update-align", false, "rewrite testdata/align/*.golden")

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"empty", "", nil},
		{"white space only", " \n\n ", nil},
		{"plain", "The council met. It voted! Was it wise? Nobody knows",
			[]string{"The council met.", "It voted!", "Was it wise?", "Nobody knows"}},
		{"titles", "Mr. Okafor met Dr. Lin and Sen. Ruiz. They talked.",
			[]string{"Mr. Okafor met Dr. Lin and Sen. Ruiz.", "They talked."}},
		{"title after a dash or bracket", "The host—Mr. Okafor—spoke (Dr. Lin did not). It ended at 5pm. Then rain.",
			[]string{"The host—Mr. Okafor—spoke (Dr. Lin did not).", "It ended at 5pm.", "Then rain."}},
		{"saint and street", "The St. Brigid district lies off Mill Rd. near the quay. It floods.",
			[]string{"The St. Brigid district lies off Mill Rd. near the quay.", "It floods."}},
		{"dotted abbreviation inside", "The U.S. Senate voted. The U.K. abstained.",
			[]string{"The U.S. Senate voted.", "The U.K. abstained."}},
		{"dotted abbreviation at the end", "Talks moved to the U.S. The mayor flew out at 6 a.m. Tuesday.",
			[]string{"Talks moved to the U.S.", "The mayor flew out at 6 a.m. Tuesday."}},
		{"e.g.", "Some towns, e.g. Velmore, agreed. Others did not.",
			[]string{"Some towns, e.g. Velmore, agreed.", "Others did not."}},
		{"initials", "John F. Kennedy and J. R. Tolland spoke. Plan B. The council rejected it.",
			[]string{"John F. Kennedy and J. R. Tolland spoke.", "Plan B.", "The council rejected it."}},
		{"decimals and numbers", "Bills rise 7.5 percent. The fee is €3.20 per visit. See No. 5 on the list.",
			[]string{"Bills rise 7.5 percent.", "The fee is €3.20 per visit.", "See No. 5 on the list."}},
		{"month abbreviation", "The vote is on Jan. 5 in the hall. Sept. 12 follows.",
			[]string{"The vote is on Jan. 5 in the hall.", "Sept. 12 follows."}},
		{"company suffix", "Harlow Inc. said profits fell. Shares in Harlow Inc. The firm declined to comment.",
			[]string{"Harlow Inc. said profits fell.", "Shares in Harlow Inc.", "The firm declined to comment."}},
		{"quote then attribution", "“We will win,” he said. “It is close.” She left.",
			[]string{"“We will win,” he said.", "“It is close.”", "She left."}},
		{"full stop inside the quote, attribution after", "“We will win.” he said. “Will it last?” she asked. “No!” they shouted.",
			[]string{"“We will win.” he said.", "“Will it last?” she asked.", "“No!” they shouted."}},
		{"straight quotes", `He said: "It is over." Then he left.`,
			[]string{`He said: "It is over."`, "Then he left."}},
		{"nested quote", "She said: “They called it ‘a joke.’” The room fell silent.",
			[]string{"She said: “They called it ‘a joke.’”", "The room fell silent."}},
		{"ellipsis", "The plan … will fail. It was late... The end.",
			[]string{"The plan … will fail.", "It was late...", "The end."}},
		{"brackets", "The vote passed (narrowly.) Critics objected.",
			[]string{"The vote passed (narrowly.)", "Critics objected."}},
		{"paragraphs", "A first paragraph without a stop\n\nA second one.",
			[]string{"A first paragraph without a stop", "A second one."}},
		{"one sentence per line", "The council met\nIt voted\nmembers left early.",
			[]string{"The council met", "It voted\nmembers left early."}},
		{"line break after a stop", "The council met.\nmembers left early.",
			[]string{"The council met.", "members left early."}},
		{"web address and e-mail", "Read it at velmore.example/news. Write to desk@velmore.example today.",
			[]string{"Read it at velmore.example/news.", "Write to desk@velmore.example today."}},
		{"lower case after a stop", "The fee rose 3 pct. over the year. It hurt.",
			[]string{"The fee rose 3 pct. over the year.", "It hurt."}},
		{"dash after a stop", "He said no. — and left. Then rain.",
			[]string{"He said no. — and left.", "Then rain."}},
		{"non-ASCII", "Ålborg’s mayor, Søren Æbelø, resigned. Élodie Brun replaced him.",
			[]string{"Ålborg’s mayor, Søren Æbelø, resigned.", "Élodie Brun replaced him."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := SplitSentences(tt.body)
			text := NewText(tt.body)
			var got []string
			for _, s := range spans {
				if err := s.Check(text.Len()); err != nil || s.Empty() {
					t.Fatalf("bad span %v in %d code points: %v", s, text.Len(), err)
				}
				got = append(got, text.Slice(s))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}

// alignFixture is a test case under testdata/align: two articles and the
// links expected between their sentences.
type alignFixture struct {
	name  string
	a, b  string
	links []string // "0=0", "0=0,1", "1,2=2"
}

// readAlignFixtures loads testdata/align/*.txt. A fixture has "# comment"
// lines, then sections "=== a", "=== b" and "=== links" (one link a line).
func readAlignFixtures(t *testing.T) []alignFixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "align", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var out []alignFixture
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := alignFixture{name: strings.TrimSuffix(filepath.Base(p), ".txt")}
		sections := map[string][]string{}
		cur := ""
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(line, "=== "):
				cur = strings.TrimPrefix(line, "=== ")
			case cur == "" && strings.HasPrefix(line, "#"):
			case cur != "":
				sections[cur] = append(sections[cur], line)
			}
		}
		f.a = strings.TrimSpace(strings.Join(sections["a"], "\n"))
		f.b = strings.TrimSpace(strings.Join(sections["b"], "\n"))
		for _, l := range sections["links"] {
			if l = strings.TrimSpace(l); l != "" {
				f.links = append(f.links, l)
			}
		}
		if f.a == "" || f.b == "" {
			t.Fatalf("%s: missing section a or b", p)
		}
		out = append(out, f)
	}
	return out
}

// linkString writes a link as in fixtures: "0=0", "0=0,1".
func linkString(l SentenceLink) string {
	ints := func(xs []int) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.Itoa(x)
		}
		return strings.Join(s, ",")
	}
	return ints(l.A) + "=" + ints(l.B)
}

func TestAlignArticlesFixtures(t *testing.T) {
	for _, f := range readAlignFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			al := AlignArticles(f.a, f.b)
			var got []string
			for _, l := range al.Links {
				got = append(got, linkString(l))
			}
			if !slices.Equal(got, f.links) {
				t.Errorf("links\n got %v\nwant %v\n%s", got, f.links, renderAlignment(f.a, f.b, al))
			}
			checkAlignment(t, f.a, f.b, al)

			// Aligning the other way round gives the mirror image.
			back := AlignArticles(f.b, f.a)
			var mirrored []string
			for _, l := range back.Links {
				mirrored = append(mirrored, linkString(SentenceLink{A: l.B, B: l.A}))
			}
			slices.Sort(mirrored)
			sorted := slices.Clone(got)
			slices.Sort(sorted)
			if !slices.Equal(mirrored, sorted) {
				t.Errorf("AlignArticles(b, a) links %v, want the mirror of %v", mirrored, sorted)
			}

			golden := filepath.Join("testdata", "align", f.name+".golden")
			rendered := []byte(renderAlignment(f.a, f.b, al))
			if *updateAlign {
				if err := os.WriteFile(golden, rendered, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestAlignArticlesFixtures -update-align to create it)", err)
			}
			if !bytes.Equal(rendered, want) {
				t.Errorf("alignment differs from %s (rerun with -update-align and read the diff):\n%s", golden, rendered)
			}
		})
	}
}

// checkAlignment checks the invariants of an alignment of a and b.
func checkAlignment(t *testing.T, a, b string, al Alignment) {
	t.Helper()
	if !slices.Equal(al.A, SplitSentences(a)) || !slices.Equal(al.B, SplitSentences(b)) {
		t.Fatal("sentences are not SplitSentences'")
	}
	if len(al.LinkOfA) != len(al.A) || len(al.LinkOfB) != len(al.B) {
		t.Fatalf("LinkOf lengths %d, %d for %d, %d sentences", len(al.LinkOfA), len(al.LinkOfB), len(al.A), len(al.B))
	}
	ta, tb := NewText(a), NewText(b)
	seenA, seenB := map[int]bool{}, map[int]bool{}
	for k, l := range al.Links {
		if len(l.A) == 0 || len(l.B) == 0 || len(l.A)+len(l.B) > 3 {
			t.Errorf("link %d has shape %d:%d", k, len(l.A), len(l.B))
		}
		for i, s := range l.A {
			if seenA[s] || al.LinkOfA[s] != k || (i > 0 && s != l.A[i-1]+1) {
				t.Errorf("link %d: sentence A%d reused, out of order or not indexed", k, s)
			}
			seenA[s] = true
		}
		for i, s := range l.B {
			if seenB[s] || al.LinkOfB[s] != k || (i > 0 && s != l.B[i-1]+1) {
				t.Errorf("link %d: sentence B%d reused, out of order or not indexed", k, s)
			}
			seenB[s] = true
		}
		if k > 0 && al.Links[k-1].A[0] >= l.A[0] {
			t.Errorf("links not ordered by A: %v then %v", al.Links[k-1].A, l.A)
		}
		if l.Similarity < alignLinkThreshold || l.Similarity > 1 {
			t.Errorf("link %d similarity %v", k, l.Similarity)
		}
		textA := ta.Slice(Span{Start: al.A[l.A[0]].Start, End: al.A[l.A[len(l.A)-1]].End})
		textB := tb.Slice(Span{Start: al.B[l.B[0]].Start, End: al.B[l.B[len(l.B)-1]].End})
		if textA == textB {
			if l.Ops != nil {
				t.Errorf("link %d: ops for identical texts", k)
			}
			continue
		}
		var fromA, fromB strings.Builder
		for _, op := range l.Ops {
			if op.Op != OpInsert {
				fromA.WriteString(op.Text)
			}
			if op.Op != OpDelete {
				fromB.WriteString(op.Text)
			}
		}
		if fromA.String() != textA || fromB.String() != textB {
			t.Errorf("link %d: ops rebuild %q / %q, want %q / %q", k, fromA.String(), fromB.String(), textA, textB)
		}
	}
	for i, l := range al.LinkOfA {
		if l >= 0 && !seenA[i] || l < -1 || l >= len(al.Links) {
			t.Errorf("LinkOfA[%d] = %d", i, l)
		}
	}
	for i, l := range al.LinkOfB {
		if l >= 0 && !seenB[i] || l < -1 || l >= len(al.Links) {
			t.Errorf("LinkOfB[%d] = %d", i, l)
		}
	}
}

// renderAlignment prints an alignment for golden files: each link with its
// similarity and diff ([-deleted-] {+inserted+}), then the sentences unique
// to each side.
func renderAlignment(a, b string, al Alignment) string {
	ta, tb := NewText(a), NewText(b)
	var sb strings.Builder
	for _, l := range al.Links {
		kind := "near"
		if l.Exact {
			kind = "exact"
		}
		fmt.Fprintf(&sb, "link %s  %s  similarity %.3f  matched %d\n", linkString(l), kind, l.Similarity, l.Matched)
		if l.Ops == nil {
			fmt.Fprintf(&sb, "  = %s\n", ta.Slice(Span{Start: al.A[l.A[0]].Start, End: al.A[l.A[len(l.A)-1]].End}))
			continue
		}
		sb.WriteString("  ~ ")
		for _, op := range l.Ops {
			switch op.Op {
			case OpEqual:
				sb.WriteString(op.Text)
			case OpDelete:
				sb.WriteString("[-" + op.Text + "-]")
			case OpInsert:
				sb.WriteString("{+" + op.Text + "+}")
			}
		}
		sb.WriteString("\n")
	}
	for _, i := range al.OnlyA() {
		fmt.Fprintf(&sb, "only a %d: %s\n", i, ta.Slice(al.A[i]))
	}
	for _, j := range al.OnlyB() {
		fmt.Fprintf(&sb, "only b %d: %s\n", j, tb.Slice(al.B[j]))
	}
	return sb.String()
}

// FuzzSplitSentences checks that any text splits into ordered, disjoint,
// non-empty spans inside it with no white space at either end, and that
// aligning it with itself and with a shuffled copy does not fail.
func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{"", "Mr. A. B. said “no.” he said.\n\nU.S. Sen. Ruiz left… Then 3.5 a.m. Tuesday.",
		"“Quote,” she said, “more.”\nnext line\n\n\n", "...!?", "a.b.c. D.E. f", "Dr.\n\nX.", "é. É. ‘Ok.’"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			t.Skip()
		}
		text := NewText(body)
		prev := 0
		for _, s := range SplitSentences(body) {
			if s.Start < prev || s.Empty() || s.Check(text.Len()) != nil {
				t.Fatalf("span %v after %d in %d code points", s, prev, text.Len())
			}
			got := text.Slice(s)
			if strings.TrimSpace(got) != got {
				t.Fatalf("span %v holds %q", s, got)
			}
			prev = s.End
		}
		al := AlignArticles(body, body)
		for _, l := range al.Links {
			if l.Ops != nil {
				t.Fatalf("a text aligned with itself has a diff: %+v", l)
			}
		}
		fields := strings.Fields(body)
		slices.Reverse(fields)
		AlignArticles(body, strings.Join(fields, " "))
	})
}

func TestAlignArticlesEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		a, b      string
		wantLinks int
	}{
		{"both empty", "", "", 0},
		{"one empty", "The council met.", "", 0},
		{"punctuation only", "… — !", "… — !", 0},
		{"same text", "The council met. It voted.", "The council met. It voted.", 2},
		{"case and punctuation", "The council met.", "the council met!", 1},
		{"short sentences must match exactly", "He left early.", "He left late.", 0},
		{"short exact sentence", "No comment.", "No comment.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			al := AlignArticles(tt.a, tt.b)
			if len(al.Links) != tt.wantLinks {
				t.Errorf("%d links, want %d: %+v", len(al.Links), tt.wantLinks, al.Links)
			}
			checkAlignment(t, tt.a, tt.b, al)
		})
	}
}

// newBenchRand returns the fixed-seed generator benchmark texts come from.
func newBenchRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// benchArticle writes a deterministic article of about words words from a
// made-up vocabulary: paragraphs of two to four sentences of 8 to 30
// words, with common words frequent and rare ones rare.
func benchArticle(r *rand.Rand, words int) []string {
	syll := []string{"ka", "lo", "mer", "vin", "tas", "or", "el", "dun", "pra", "ses", "ti", "bor", "an", "qui", "ral"}
	vocab := make([]string, 3000)
	for i := range vocab {
		n := 1 + i%3
		var w strings.Builder
		for k := 0; k < n; k++ {
			w.WriteString(syll[(i*7+k*13+i/15)%len(syll)])
		}
		vocab[i] = w.String() + strconv.Itoa(i%97)
	}
	var paras []string
	for total := 0; total < words; {
		var p []string
		for s := 2 + r.IntN(3); s > 0; s-- {
			n := 8 + r.IntN(23)
			ws := make([]string, n)
			for k := range ws {
				// Zipf-like: small indices far more often.
				idx := int(float64(len(vocab)) * r.Float64() * r.Float64() * r.Float64())
				ws[k] = vocab[idx]
			}
			ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
			p = append(p, strings.Join(ws, " ")+".")
			total += n
		}
		paras = append(paras, strings.Join(p, " "))
	}
	return paras
}

// benchPair returns two articles of about words words each: the second is
// the first with its paragraphs partly reordered, a word changed in one
// sentence out of five, a tenth of the paragraphs dropped from the end and
// new ones added.
func benchPair(words int) (string, string) {
	r := newBenchRand()
	a := benchArticle(r, words)
	b := slices.Clone(a[:len(a)*9/10])
	for i := range b {
		sents := strings.SplitAfter(b[i], ". ")
		for k := range sents {
			if r.IntN(5) == 0 {
				ws := strings.Fields(sents[k])
				ws[r.IntN(len(ws))] = "changed"
				sents[k] = strings.Join(ws, " ") + " "
			}
		}
		b[i] = strings.TrimSpace(strings.Join(sents, ""))
	}
	for i := 0; i+1 < len(b); i += 4 {
		b[i], b[i+1] = b[i+1], b[i]
	}
	b = append(b, benchArticle(r, words/10)...)
	return strings.Join(a, "\n\n"), strings.Join(b, "\n\n")
}

func TestBenchPairAligns(t *testing.T) {
	a, b := benchPair(5000)
	al := AlignArticles(a, b)
	t.Logf("%d and %d sentences, %d links", len(al.A), len(al.B), len(al.Links))
	// About nine in ten of a's sentences are in b, most unchanged.
	if len(al.Links) < len(al.A)*8/10 {
		t.Errorf("%d links for %d sentences", len(al.Links), len(al.A))
	}
	checkAlignment(t, a, b, al)
}

func BenchmarkAlignArticles5000Words(b *testing.B) {
	x, y := benchPair(5000)
	b.SetBytes(int64(len(x) + len(y)))
	b.ResetTimer()
	for b.Loop() {
		AlignArticles(x, y)
	}
}
