package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"factdesk/annotate"
)

// GenCorpusCmd writes a deterministic synthetic corpus for benchmarks.
type GenCorpusCmd struct {
	Articles int    `default:"1000" help:"How many articles."`
	Stories  int    `default:"0" help:"How many stories (default: articles/10)."`
	Seed     int64  `default:"1" help:"Random seed; the same seed gives the same corpus."`
	Out      string `short:"o" required:"" type:"path" help:"Folder to write into (created)." placeholder:"DIR"`
}

// Run writes one header-format .txt file per article, one folder per story.
func (c *GenCorpusCmd) Run(env *Env) error {
	if c.Articles <= 0 {
		return fmt.Errorf("--articles must be positive")
	}
	stories := c.Stories
	if stories <= 0 {
		stories = max(c.Articles/10, 1)
	}
	fmt.Fprintf(env.Stderr, "generate...\n")
	docs := annotate.GenerateCorpus(c.Seed, c.Articles, stories)
	fmt.Fprintf(env.Stderr, "write...\n")
	var bytes int64
	for i, d := range docs {
		dir := filepath.Join(c.Out, slug(d.Story))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("gen-corpus: %w", err)
		}
		p := filepath.Join(dir, fmt.Sprintf("%06d-%s.txt", i, slug(d.Outlet)))
		n, err := writeTextDoc(p, d)
		if err != nil {
			return fmt.Errorf("gen-corpus: %w", err)
		}
		bytes += n
	}
	_, err := fmt.Fprintf(env.Stdout, "%d articles, %d stories, %.1f MB in %s\n", len(docs), stories, float64(bytes)/1e6, c.Out)
	return err
}

// writeTextDoc writes d in the header-lines text format import reads.
func writeTextDoc(path string, d annotate.Document) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	header := [][2]string{{"outlet", d.Outlet}, {"url", d.URL}, {"title", d.Title}, {"byline", d.Byline}, {"story", d.Story}}
	if !d.Published.IsZero() {
		header = append(header, [2]string{"date", d.Published.Format(annotate.DateLayout)})
	}
	for _, kv := range header {
		if kv[1] != "" {
			fmt.Fprintf(w, "%s: %s\n", kv[0], strings.ReplaceAll(kv[1], "\n", " "))
		}
	}
	fmt.Fprintf(w, "\n%s\n", d.Body)
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return st.Size(), f.Close()
}

// slug makes a file-name-safe lower-case form of s.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "untitled"
	}
	return out
}
