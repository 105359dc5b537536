package assets_test

import (
	"bytes"
	"image/png"
	"io/fs"
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"factdesk/assets"
)

// articleExts are the file types the importer reads.
var articleExts = map[string]bool{".txt": true, ".md": true, ".html": true, ".htm": true}

func TestSampleFilesAreUTF8AndNonEmpty(t *testing.T) {
	n := 0
	err := fs.WalkDir(assets.Sample, assets.SampleDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := fs.ReadFile(assets.Sample, p)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(b)) == 0 {
			t.Errorf("%s: empty", p)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s: not valid UTF-8", p)
		}
		if bytes.Contains(b, []byte("\r")) {
			t.Errorf("%s: has CR line endings", p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk sample: %v", err)
	}
	if n == 0 {
		t.Fatal("sample corpus is empty")
	}
}

func TestSampleStoriesHaveEnoughArticles(t *testing.T) {
	stories := storyDirs(t)
	if len(stories) < 2 {
		t.Fatalf("got %d stories %v, want at least 2", len(stories), stories)
	}
	for _, dir := range stories {
		entries, err := fs.ReadDir(assets.Sample, dir)
		if err != nil {
			t.Fatalf("read %s: %v", dir, err)
		}
		articles := 0
		for _, e := range entries {
			if !e.IsDir() && articleExts[path.Ext(e.Name())] {
				articles++
			}
		}
		if articles < 4 {
			t.Errorf("%s: %d articles, want at least 4", dir, articles)
		}
	}
}

// TestSampleArticleLength checks the plain-text and Markdown articles are
// news-length: 350 to 700 words of body after the header.
func TestSampleArticleLength(t *testing.T) {
	for _, dir := range append(storyDirs(t), updateDirs(t)...) {
		entries, err := fs.ReadDir(assets.Sample, dir)
		if err != nil {
			t.Fatalf("read %s: %v", dir, err)
		}
		for _, e := range entries {
			ext := path.Ext(e.Name())
			if ext != ".txt" && ext != ".md" {
				continue
			}
			p := path.Join(dir, e.Name())
			b, err := fs.ReadFile(assets.Sample, p)
			if err != nil {
				t.Fatalf("read %s: %v", p, err)
			}
			_, body, ok := splitHeader(string(b))
			if !ok {
				t.Errorf("%s: no header block ended by a blank line", p)
				continue
			}
			if w := len(strings.Fields(body)); w < 350 || w > 700 {
				t.Errorf("%s: body has %d words, want 350-700", p, w)
			}
		}
	}
}

// TestSampleUpdatesMatchAnArticle checks every file under UpdatesDir is a
// later version of a seeded article: same relative path, same url and title,
// different body.
func TestSampleUpdatesMatchAnArticle(t *testing.T) {
	n := 0
	err := fs.WalkDir(assets.Sample, assets.UpdatesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		orig := path.Join(assets.SampleDir, strings.TrimPrefix(p, assets.UpdatesDir+"/"))
		nb, err := fs.ReadFile(assets.Sample, p)
		if err != nil {
			return err
		}
		ob, err := fs.ReadFile(assets.Sample, orig)
		if err != nil {
			t.Errorf("%s: no seeded original at %s: %v", p, orig, err)
			return nil
		}
		nh, nbody, _ := splitHeader(string(nb))
		oh, obody, _ := splitHeader(string(ob))
		for _, k := range []string{"url", "title", "outlet"} {
			if nh[k] == "" || nh[k] != oh[k] {
				t.Errorf("%s: %s %q, original has %q", p, k, nh[k], oh[k])
			}
		}
		if nbody == obody {
			t.Errorf("%s: body identical to %s", p, orig)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk updates: %v", err)
	}
	if n == 0 {
		t.Error("no updated article under", assets.UpdatesDir)
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(assets.Icon))
	if err != nil {
		t.Fatalf("decode icon: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %dx%d, want 512x512", cfg.Width, cfg.Height)
	}
}

// storyDirs lists the seeded story folders.
func storyDirs(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(assets.Sample, assets.SampleDir)
	if err != nil {
		t.Fatalf("read sample: %v", err)
	}
	var dirs []string
	for _, e := range entries {
		p := path.Join(assets.SampleDir, e.Name())
		if e.IsDir() && p != assets.UpdatesDir {
			dirs = append(dirs, p)
		}
	}
	return dirs
}

// updateDirs lists the story folders under UpdatesDir.
func updateDirs(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(assets.Sample, assets.UpdatesDir)
	if err != nil {
		t.Fatalf("read updates: %v", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, path.Join(assets.UpdatesDir, e.Name()))
		}
	}
	return dirs
}

// splitHeader splits a sample file into its `key: value` header (plain text,
// or YAML front matter between --- lines) and its body.
func splitHeader(s string) (map[string]string, string, bool) {
	s = strings.TrimPrefix(s, "---\n")
	head, body, ok := strings.Cut(s, "\n\n")
	if !ok {
		return nil, s, false
	}
	h := map[string]string{}
	for _, line := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || line == "---" {
			continue
		}
		h[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	return h, body, true
}
