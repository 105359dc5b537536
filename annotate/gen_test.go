package annotate

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestGenerateCorpusDeterministic(t *testing.T) {
	a := GenerateCorpus(42, 30, 4)
	b := GenerateCorpus(42, 30, 4)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gives different corpora")
	}
	c := GenerateCorpus(43, 30, 4)
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds give the same corpus")
	}
	qa, la := GenerateQuotes(42, 500)
	qb, lb := GenerateQuotes(42, 500)
	if !reflect.DeepEqual(qa, qb) || !slices.Equal(la, lb) {
		t.Error("the same seed gives different quotes")
	}
}

// TestGenerateCorpusShape checks the corpus looks like news coverage: about
// 5 KB an article, several outlets per story, metadata filled in, words
// spread the way natural text spreads them.
func TestGenerateCorpusShape(t *testing.T) {
	const articles, stories = 400, 40
	docs := GenerateCorpus(7, articles, stories)
	if len(docs) != articles {
		t.Fatalf("%d documents, want %d", len(docs), articles)
	}
	size := 0
	outlets := map[string]bool{}
	storyOutlets := map[string]map[string]bool{}
	words := map[string]int{}
	total := 0
	for _, d := range docs {
		size += len(d.Body)
		outlets[d.Outlet] = true
		if storyOutlets[d.Story] == nil {
			storyOutlets[d.Story] = map[string]bool{}
		}
		storyOutlets[d.Story][d.Outlet] = true
		if d.Title == "" || d.URL == "" || d.Byline == "" || d.Published.IsZero() || d.Story == "" {
			t.Errorf("document %s lacks metadata: %+v", d.Source, d.Meta)
		}
		for _, w := range NormalizeWords(d.Body) {
			words[w]++
			total++
		}
	}
	if avg := size / articles; avg < 4000 || avg > 6500 {
		t.Errorf("average body %d bytes, want about 5 KB", avg)
	}
	if len(outlets) < 5 {
		t.Errorf("%d outlets, want at least 5", len(outlets))
	}
	if len(storyOutlets) != stories {
		t.Errorf("%d stories, want %d", len(storyOutlets), stories)
	}
	for s, o := range storyOutlets {
		if len(o) < 3 {
			t.Errorf("story %q covered by %d outlets", s, len(o))
		}
	}
	// Zipf-like: a few words are everywhere, most are rare.
	counts := make([]int, 0, len(words))
	for _, n := range words {
		counts = append(counts, n)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top10 := 0
	for _, n := range counts[:10] {
		top10 += n
	}
	once := 0
	for _, n := range counts {
		if n <= 2 {
			once++
		}
	}
	t.Logf("%d articles, %d bytes on average, %d words, %d distinct, top ten %.1f%%, %d seen at most twice",
		articles, size/articles, total, len(words), 100*float64(top10)/float64(total), once)
	if len(words) < 3000 {
		t.Errorf("%d distinct words, want a vocabulary of thousands", len(words))
	}
	if share := float64(top10) / float64(total); share < 0.15 || share > 0.5 {
		t.Errorf("top ten words are %.0f%% of the text, want a Zipf-like head", 100*share)
	}
	if once < len(words)/4 {
		t.Errorf("only %d of %d words are rare, want a long tail", once, len(words))
	}
}

// TestGenerateQuotesInCorpus checks GenerateQuotes describes the corpus:
// every body quote appears in its article's body, every headline quote in
// its title, and the parts of a split quote share a label and an
// utterance.
func TestGenerateQuotesInCorpus(t *testing.T) {
	const n = 1000
	qs, labels := GenerateQuotes(3, n)
	if len(qs) != n || len(labels) != n {
		t.Fatalf("got %d quotes and %d labels, want %d", len(qs), len(labels), n)
	}
	articles := n/5 + 1
	docs := GenerateCorpus(3, articles, articles/10)
	byUtterance := map[[2]int64]int{}
	for i, q := range qs {
		if q.ID != int64(i+1) {
			t.Fatalf("quote %d has ID %d", i, q.ID)
		}
		d := docs[q.ArticleID-1]
		if d.Outlet != q.Outlet {
			t.Errorf("quote %d: outlet %q, article's %q", q.ID, q.Outlet, d.Outlet)
		}
		where := d.Body
		if q.InTitle {
			where = d.Title
		}
		if !strings.Contains(where, q.Text) {
			t.Errorf("quote %d %q not in article %d", q.ID, q.Text, q.ArticleID)
		}
		if (q.Kind == QuoteTerm) != (labels[i] < 0) {
			t.Errorf("quote %d: kind %s with label %d", q.ID, q.Kind, labels[i])
		}
		key := [2]int64{q.ArticleID, int64(q.Utterance)}
		if l, ok := byUtterance[key]; ok && l != labels[i] {
			t.Errorf("quote %d: parts of one utterance with labels %d and %d", q.ID, l, labels[i])
		}
		byUtterance[key] = labels[i]
	}
}
