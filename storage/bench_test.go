package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"factdesk/annotate"
)

// synthCorpus generates fictional articles of about size bytes each from a
// made-up vocabulary, deterministically.
type synthCorpus struct {
	rng   *rand.Rand
	words []string
	size  int
}

func newSynthCorpus(size int) *synthCorpus {
	rng := rand.New(rand.NewPCG(7, 11))
	const letters = "abcdefghijklmnoprstuvyz"
	words := make([]string, 3000)
	for i := range words {
		n := 2 + rng.IntN(9)
		var b strings.Builder
		for range n {
			b.WriteByte(letters[rng.IntN(len(letters))])
		}
		words[i] = b.String()
	}
	return &synthCorpus{rng: rng, words: words, size: size}
}

// doc returns the i-th synthetic article: 50 stories, 5 outlets, a quoted
// statement now and then, unique text.
func (c *synthCorpus) doc(i int) annotate.Document {
	var b strings.Builder
	fmt.Fprintf(&b, "Dispatch %d. ", i)
	for b.Len() < c.size {
		n := 6 + c.rng.IntN(14)
		quoted := c.rng.IntN(8) == 0
		if quoted {
			b.WriteString("“")
		}
		for j := range n {
			w := c.words[c.rng.IntN(len(c.words))]
			if j == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if j < n-1 {
				b.WriteByte(' ')
			}
		}
		if quoted {
			b.WriteString(",” said Vera Holm. ")
		} else {
			b.WriteString(". ")
		}
		if c.rng.IntN(6) == 0 {
			b.WriteString("\n\n")
		}
	}
	return annotate.Document{
		Meta: annotate.Meta{
			Story:     fmt.Sprintf("Synthetic story %d", i%50),
			Outlet:    fmt.Sprintf("Outlet %d", i%5),
			Title:     fmt.Sprintf("Synthetic dispatch %d", i),
			URL:       fmt.Sprintf("https://outlet-%d.example/%d", i%5, i),
			Published: time.Date(2031, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
		},
		Body:   b.String(),
		Source: fmt.Sprintf("synthetic/%d.txt", i),
	}
}

// BenchmarkImport imports b.N synthetic 5 KB articles, one transaction each,
// with full-text indexing and quote extraction, into one store. Run
//
//	go test -tags sqlite_fts5 -run '^$' -bench Import -benchtime 20000x ./storage/
//
// for the 20,000-article (about 100 MB) target.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	st := mustOpen(b)
	corpus := newSynthCorpus(5000)
	docs := make([]annotate.Document, b.N)
	var total int64
	for i := range docs {
		docs[i] = corpus.doc(i)
		total += int64(len(docs[i].Body))
	}
	b.SetBytes(total / int64(b.N))
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if _, err := st.ImportDocument(ctx, docs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}
