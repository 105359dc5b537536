package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"golang.org/x/net/html"

	"factdesk/annotate"
)

// openExport creates a fact on the sample story and opens File → Export
// with Ctrl+E, waiting for the first preview.
func openExport(t *testing.T) (*harness, *exportDialog, annotate.Fact) {
	t.Helper()
	h := newSampleHarness(t)
	f := h.newFact("The council approved the plan by 7 votes to 4", annotate.StatusConfirmed,
		[2]string{"Coastline Press Agency", "Port Ellery City Council voted 7–4 on Tuesday night"},
		[2]string{"The Ellery Standard", "By seven votes to four, councillors approved"})
	h.w.app.Preferences().SetString(prefExportFormat, "")
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault})
	d := h.w.export
	if d == nil {
		t.Fatal("Ctrl+E opened no export dialog")
	}
	if !d.ready {
		t.Fatal("no preview after the story was read")
	}
	return h, d, f
}

// chooseFormat picks f in the dialog's menu and waits for its preview.
func chooseFormat(h *harness, d *exportDialog, f annotate.ExportFormat) {
	h.t.Helper()
	d.formats.SetSelected(f.Label())
	h.settle()
	if !d.ready || d.out.format != f {
		h.t.Fatalf("preview not rebuilt for %s: ready %v, format %s", f, d.ready, d.out.format)
	}
}

func TestExportPreviewFollowsFormatAndStore(t *testing.T) {
	h, d, f := openExport(t)
	if d.format != annotate.ExportMarkdown || !strings.Contains(d.preview.text, f.Text) {
		t.Fatalf("%s preview lacks the fact:\n%s", d.format, d.preview.text)
	}
	if !strings.Contains(d.preview.text, "# Fact sheet: "+sampleStory) || !strings.HasPrefix(d.caption.Text, "Markdown") {
		t.Errorf("caption %q, preview starts %q", d.caption.Text, excerpt(d.preview.text, 60))
	}
	if d.save.Disabled() {
		t.Error("Save… disabled with a preview ready")
	}

	tests := []struct {
		format  annotate.ExportFormat
		preview string // in the preview text
		caption string // in the caption
	}{
		{annotate.ExportHTML, "<!DOCTYPE html>", "no HTML renderer"},
		{annotate.ExportPDF, "# Fact sheet: " + sampleStory, " page"},
		{annotate.ExportW3C, `"AnnotationCollection"`, "W3C"},
		{annotate.ExportCSV, "id,story,article_id", "CSV"},
		{annotate.ExportClaimReview, `"ClaimReview"`, "ClaimReview"},
		{annotate.ExportMarkdown, f.Text, "Markdown"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			chooseFormat(h, d, tt.format)
			if !strings.Contains(d.preview.text, tt.preview) {
				t.Errorf("preview lacks %q:\n%s", tt.preview, excerpt(d.preview.text, 300))
			}
			if !strings.Contains(d.caption.Text, tt.caption) {
				t.Errorf("caption %q lacks %q", d.caption.Text, tt.caption)
			}
		})
	}

	// Another process changes the fact: the open preview follows the
	// store once the window sees the change.
	ctx := context.Background()
	changed := f
	changed.Text = "The council approved the plan, 7–4, after four hours"
	if _, err := h.st.UpdateFact(ctx, changed); err != nil {
		t.Fatal(err)
	}
	h.w.reload()
	h.settle()
	if !strings.Contains(d.preview.text, changed.Text) || strings.Contains(d.preview.text, f.Text) {
		t.Errorf("preview did not follow the store:\n%s", excerpt(d.preview.text, 400))
	}

	// Closing the dialog stops it following the facts panel.
	d.dlg.Hide()
	if h.w.export != nil || len(h.w.facts.watchers) != 0 {
		t.Errorf("dialog still registered after closing: %v, %d watchers", h.w.export != nil, len(h.w.facts.watchers))
	}
}

func TestExportSavesCompleteFiles(t *testing.T) {
	h, d, f := openExport(t)
	dir := t.TempDir()
	tests := []struct {
		format annotate.ExportFormat
		check  func(t *testing.T, data []byte)
	}{
		{annotate.ExportMarkdown, func(t *testing.T, data []byte) {
			if !bytes.Contains(data, []byte(f.Text)) || !bytes.Contains(data, []byte("Produced by Factdesk test")) {
				t.Errorf("markdown lacks the fact or the footer:\n%s", data)
			}
		}},
		{annotate.ExportHTML, func(t *testing.T, data []byte) {
			doc, err := html.Parse(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("html does not parse: %v", err)
			}
			var text strings.Builder
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.TextNode {
					text.WriteString(n.Data)
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			if !strings.Contains(text.String(), f.Text) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
				t.Errorf("html text lacks the fact or the page is cut short")
			}
		}},
		{annotate.ExportPDF, func(t *testing.T, data []byte) {
			if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
				t.Errorf("not a complete PDF: starts %q, ends %q", data[:min(8, len(data))], data[max(0, len(data)-8):])
			}
			if d.out.pages < 1 || len(pdfPageRE.FindAll(data, -1)) != d.out.pages {
				t.Errorf("caption counts %d pages", d.out.pages)
			}
		}},
		{annotate.ExportW3C, func(t *testing.T, data []byte) {
			var doc struct {
				Context string `json:"@context"`
				Type    string `json:"type"`
				Total   int    `json:"total"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("json: %v", err)
			}
			if doc.Context != "http://www.w3.org/ns/anno.jsonld" || doc.Type != "AnnotationCollection" || doc.Total != len(h.storeAnnotations()) {
				t.Errorf("collection %+v", doc)
			}
		}},
		{annotate.ExportCSV, func(t *testing.T, data []byte) {
			rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatalf("csv: %v", err)
			}
			if len(rows) != 1+len(h.storeAnnotations()) || rows[0][0] != "id" {
				t.Errorf("%d rows, header %v", len(rows), rows[0])
			}
		}},
		{annotate.ExportClaimReview, func(t *testing.T, data []byte) {
			var doc struct {
				Graph []struct {
					Type          string `json:"@type"`
					ClaimReviewed string `json:"claimReviewed"`
				} `json:"@graph"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("json: %v", err)
			}
			if len(doc.Graph) != 1 || doc.Graph[0].ClaimReviewed != f.Text {
				t.Errorf("graph %+v", doc.Graph)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			chooseFormat(h, d, tt.format)
			path := filepath.Join(dir, exportFileName(sampleStory, tt.format))
			// An older file of the name is replaced whole.
			if err := os.WriteFile(path, []byte(strings.Repeat("old ", 50000)), 0o644); err != nil {
				t.Fatal(err)
			}
			d.saveFile(path, d.out)
			h.settle()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, d.out.data) {
				t.Fatalf("saved %d bytes, rendered %d", len(data), len(d.out.data))
			}
			tt.check(t, data)
		})
	}
	if got := h.w.app.Preferences().String(prefExportFolder); got != dir {
		t.Errorf("remembered folder %q, want %q", got, dir)
	}
	if !strings.Contains(h.w.status.msg.Text, "Saved the") {
		t.Errorf("status bar says %q", h.w.status.msg.Text)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(tests) {
		t.Errorf("folder holds %d files, want %d (temporary files left?)", len(entries), len(tests))
	}

	// The save dialog hands back a writer it opened on the file; saving
	// through it leaves the complete sheet.
	chooseFormat(h, d, annotate.ExportMarkdown)
	path := filepath.Join(dir, "from-dialog.md")
	wc, err := fstorage.Writer(fstorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	d.saveTo(wc, d.out)
	h.settle()
	if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, d.out.data) {
		t.Errorf("saved through the dialog's writer: %d bytes, err %v", len(data), err)
	}
}

func TestExportFileName(t *testing.T) {
	tests := []struct {
		story  string
		format annotate.ExportFormat
		want   string
	}{
		{"Northgate Quay vote", annotate.ExportMarkdown, "northgate-quay-vote.md"},
		{"Café owners — the quay", annotate.ExportHTML, "café-owners-the-quay.html"},
		{"../../etc/passwd", annotate.ExportCSV, "etc-passwd.csv"},
		{"  ", annotate.ExportPDF, "fact-sheet.pdf"},
		{"Vote 7–4!", annotate.ExportClaimReview, "vote-7-4.claimreview.json"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := exportFileName(tt.story, tt.format); got != tt.want {
				t.Errorf("exportFileName(%q) = %q, want %q", tt.story, got, tt.want)
			}
		})
	}
}

func TestCutPreview(t *testing.T) {
	lines := strings.Repeat("0123456789\n", 10) // 110 bytes
	tests := []struct {
		name   string
		limit  int
		cut    bool
		prefix string
	}{
		{"fits", 110, false, lines},
		{"at a line end", 55, true, strings.Repeat("0123456789\n", 5)},
		{"inside a line", 60, true, strings.Repeat("0123456789\n", 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cutPreview(lines, tt.limit)
			if !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("got %q", got)
			}
			if strings.Contains(got, "preview stops here") != tt.cut {
				t.Errorf("cut note present %v, want %v: %q", !tt.cut, tt.cut, got)
			}
			if tt.cut && strings.Count(got, "0123456789") != 5 {
				t.Errorf("kept %d lines, want 5", strings.Count(got, "0123456789"))
			}
		})
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sheet.md")
	for _, content := range []string{"first version, longer than the second\n", "second\n"} {
		if err := writeFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	// A folder of the name is refused and left alone.
	sub := filepath.Join(dir, "folder.md")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(sub, []byte("x")); err == nil || !strings.Contains(err.Error(), "folder.md") {
		t.Errorf("writing over a folder: %v", err)
	}
	// Nothing but the file and the folder: no temporary files left behind.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"folder.md", "sheet.md"}) {
		t.Errorf("folder holds %v", names)
	}
	// A missing folder fails with the path in the message.
	if err := writeFileAtomic(filepath.Join(dir, "missing", "x.md"), []byte("x")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("writing into a missing folder: %v", err)
	}
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name string
		text string
		cols int
		want string
	}{
		{"short", "a b c", 10, "a b c"},
		{"at a space", "the quay stays open", 10, "the quay\nstays open"},
		{"long word", "abcdefghijkl mn", 5, "abcde\nfghij\nkl mn"},
		{"exact fit", "abcde", 5, "abcde"},
		{"lines kept", "one\n\ntwo three", 5, "one\n\ntwo\nthree"},
		{"crlf", "a,b\r\nc,d\r\n", 10, "a,b\nc,d\n"},
		{"runes", "café über straße", 6, "café\nüber\nstraße"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrapText(tt.text, tt.cols); got != tt.want {
				t.Errorf("wrapText(%q, %d) = %q, want %q", tt.text, tt.cols, got, tt.want)
			}
		})
	}
}

func TestSheetPreviewWrapsToWidth(t *testing.T) {
	test.NewTempApp(t)
	p := newSheetPreview()
	text := strings.Repeat("word ", 200)
	p.show(text, true)
	p.Resize(fyne.NewSize(400, 300))
	narrow := len(p.grid.Rows)
	p.Resize(fyne.NewSize(900, 300))
	wide := len(p.grid.Rows)
	if narrow <= wide || wide < 2 {
		t.Errorf("%d rows at 400 wide, %d at 900", narrow, wide)
	}
	for _, r := range p.grid.Rows {
		if len(r.Cells) > p.cols {
			t.Errorf("row of %d cells wider than %d columns", len(r.Cells), p.cols)
		}
	}
	if got := strings.Join(strings.Fields(p.grid.Text()), " "); got != strings.TrimSpace(text) {
		t.Errorf("grid text differs from the preview's")
	}
}
