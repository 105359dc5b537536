package annotate_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"factdesk/annotate"
)

func init() {
	// Other test files of the package may define -update too; share it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

// sheetUpdate reports whether the run was asked to rewrite golden files.
func sheetUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const sheetGoldenDir = "testdata/factsheet"

// checkSheetGolden compares got with testdata/factsheet/name, or rewrites
// it with -update.
func checkSheetGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(sheetGoldenDir, name)
	if sheetUpdate() {
		if err := os.MkdirAll(sheetGoldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		failed := filepath.Join("testdata", "failed", "factsheet", name)
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		_ = os.WriteFile(failed, got, 0o644)
		t.Errorf("%s differs from the golden file; output written to %s (diff them, rerun with -update if right)", path, failed)
	}
}

func render(t testing.TB, fs annotate.FactSheet, f annotate.ExportFormat) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := annotate.Render(&b, fs, f); err != nil {
		t.Fatalf("render %s: %v", f, err)
	}
	return b.Bytes()
}

func TestBuildFactSheet(t *testing.T) {
	fs := annotate.BuildFactSheet(harbourFixture(t))

	if got := fs.From.Format(annotate.DateLayout) + ".." + fs.To.Format(annotate.DateLayout); got != "2026-03-04..2026-03-06" {
		t.Errorf("date range %s", got)
	}
	var outlets []string
	for _, s := range fs.Sources {
		outlets = append(outlets, s.Outlet)
	}
	if want := []string{"Coastline Wire", "Harbour Times", "Daily Lantern", "Riverside Blog"}; !slices.Equal(outlets, want) {
		t.Errorf("sources %q, want %q (by date, then outlet)", outlets, want)
	}
	if got := fs.Sources[1].Copies; !slices.Equal(got, []string{"Coastline Wire"}) {
		t.Errorf("Harbour Times copies %q", got)
	}
	if fs.Sources[3].URL != "" {
		t.Errorf("blog url %q", fs.Sources[3].URL)
	}

	names := func(vs []annotate.Voice) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.String())
		}
		return out
	}
	tests := []struct {
		fact                    int
		status                  annotate.Status
		pro, con, silent        []string
		supporting, contradicts int
	}{
		// The wire and its syndicated copy count once.
		{0, annotate.StatusConfirmed, []string{"Coastline Wire (also Harbour Times)", "Daily Lantern"}, nil, []string{"Riverside Blog"}, 2, 0},
		{1, annotate.StatusDisputed, []string{"Coastline Wire (also Harbour Times)"}, []string{"Daily Lantern"}, []string{"Riverside Blog"}, 1, 1},
		{2, annotate.StatusFalse, nil, []string{"Coastline Wire (also Harbour Times)", "Riverside Blog"}, []string{"Daily Lantern"}, 0, 2},
		{3, annotate.StatusUnverified, []string{"Coastline Wire (also Harbour Times)", "Riverside Blog"}, []string{"Daily Lantern"}, nil, 2, 1},
	}
	if len(fs.Facts) != len(tests) {
		t.Fatalf("%d facts", len(fs.Facts))
	}
	for _, tt := range tests {
		f := fs.Facts[tt.fact]
		if f.Status != tt.status || !slices.Equal(names(f.Supporters), tt.pro) || !slices.Equal(names(f.Contradictors), tt.con) ||
			!slices.Equal(names(f.Silent), tt.silent) || len(f.Supporting) != tt.supporting || len(f.Contradicting) != tt.contradicts {
			t.Errorf("fact %q: status %s pro %q con %q silent %q excerpts %d/%d; want %s %q %q %q %d/%d", f.Text,
				f.Status, names(f.Supporters), names(f.Contradictors), names(f.Silent), len(f.Supporting), len(f.Contradicting),
				tt.status, tt.pro, tt.con, tt.silent, tt.supporting, tt.contradicts)
		}
	}
	// Excerpts link to their passage; the blog has no URL.
	e := fs.Facts[0].Supporting[0]
	if e.Outlet != "Coastline Wire" || !strings.HasPrefix(e.Link, "https://coastline-wire.test/harbour-vote#:~:text=") {
		t.Errorf("first supporting excerpt %+v", e)
	}
	for _, e := range fs.Facts[2].Contradicting {
		if e.Outlet == "Riverside Blog" && e.Link != "" {
			t.Errorf("blog excerpt has a link %q", e.Link)
		}
	}

	// Unlinked annotations, by kind in Kinds order.
	var kinds []annotate.Kind
	for _, g := range fs.Unlinked {
		kinds = append(kinds, g.Kind)
	}
	if !slices.Equal(kinds, []annotate.Kind{annotate.KindQuote, annotate.KindClaim, annotate.KindNote}) {
		t.Errorf("unlinked kinds %q", kinds)
	}
	if len(fs.Annotations) != 12 {
		t.Errorf("%d annotations", len(fs.Annotations))
	}

	// Quotes: named speakers first; the syndicated copy merges with its
	// original; variants are diffed against the canonical text.
	if len(fs.Speakers) != 2 || fs.Speakers[0].Speaker != "Inès Okafor" || fs.Speakers[1].Speaker != "" {
		t.Fatalf("speakers %+v", fs.Speakers)
	}
	q := fs.Speakers[0].Quotes[0]
	if q.Voices != 3 || len(q.Variants) != 3 {
		t.Fatalf("quote voices %d variants %d", q.Voices, len(q.Variants))
	}
	if v := q.Variants[0]; !v.Canonical || !slices.Equal(v.Outlets, []string{"Coastline Wire", "Harbour Times"}) {
		t.Errorf("first variant %+v", v)
	}
	lantern := q.Variants[1]
	var del, ins []string
	for _, op := range lantern.Ops {
		switch op.Op {
		case annotate.OpDelete:
			del = append(del, strings.TrimSpace(op.Text))
		case annotate.OpInsert:
			ins = append(ins, strings.TrimSpace(op.Text))
		}
	}
	if lantern.Outlets[0] != "Daily Lantern" || !slices.Contains(del, "we’ll") || !slices.Contains(ins, "we will") {
		t.Errorf("lantern variant %q: deleted %q inserted %q", lantern.Outlets, del, ins)
	}
	if !fs.Speakers[1].Quotes[0].Conflict {
		t.Error("conflicting speakers not flagged")
	}
}

func TestBuildFactSheetToleratesDanglingRecords(t *testing.T) {
	in := harbourFixture(t)
	in.Facts[0].Links = append(in.Facts[0].Links, annotate.FactLink{AnnotationID: 9999})
	in.Groups = append(in.Groups, annotate.Group{ID: 77, Canonical: "gone", QuoteIDs: []int64{8888}})
	in.Syndicated = append(in.Syndicated, []int64{4, 12345})
	in.Annotations = append(in.Annotations, annotate.Annotation{ID: 5000, ArticleID: 777, Exact: "x", Kind: annotate.KindNote})
	fs := annotate.BuildFactSheet(in)
	if len(fs.Facts[0].Supporting) != 2 || len(fs.Annotations) != 12 {
		t.Errorf("dangling records leaked in: %d supporting, %d annotations", len(fs.Facts[0].Supporting), len(fs.Annotations))
	}
	for _, sp := range fs.Speakers {
		for _, q := range sp.Quotes {
			if q.GroupID == 77 {
				t.Error("group of unknown quotes kept")
			}
		}
	}
}

func TestBuildFactSheetIsDeterministic(t *testing.T) {
	in := harbourFixture(t)
	first := render(t, annotate.BuildFactSheet(in), annotate.ExportMarkdown)
	for i := 0; i < 5; i++ {
		slices.Reverse(in.Articles)
		slices.Reverse(in.Annotations)
		if got := render(t, annotate.BuildFactSheet(in), annotate.ExportMarkdown); !bytes.Equal(got, first) {
			t.Fatal("sheet depends on input order or map iteration")
		}
	}
}

func TestTextFragmentURL(t *testing.T) {
	const page = "https://news.test/story"
	tests := []struct {
		name, url, exact, prefix, suffix, want string
	}{
		{"exact", page, "the harbour plan was approved", "", "", page + "#:~:text=the%20harbour%20plan%20was%20approved"},
		{"syntax characters encoded", page, "co-operative, fish & chips", "", "",
			page + "#:~:text=co%2Doperative%2C%20fish%20%26%20chips"},
		{"non-ASCII as UTF-8 bytes", page, "Inès said “yes” — twice", "", "",
			page + "#:~:text=In%C3%A8s%20said%20%E2%80%9Cyes%E2%80%9D%20%E2%80%94%20twice"},
		{"cut words completed", page, "rbour plan was appro", "the ha", "ved on Tuesday",
			page + "#:~:text=harbour%20plan%20was%20approved"},
		{"short passage gets context", page, "7–2", "The council voted ", " on Tuesday to approve",
			page + "#:~:text=The%20council%20voted-,7%E2%80%932,-on%20Tuesday%20to"},
		{"context stays in its paragraph", page, "Yes", "end of one.\n\nThen ", ", he said.\n\nNext",
			page + "#:~:text=Then-,Yes,-%2C%20he%20said."},
		{"long passage as a range", page,
			"The council voted seven to two on Tuesday evening to approve the long-debated harbour redevelopment plan for the old quay",
			"", "", page + "#:~:text=The%20council%20voted%20seven,for%20the%20old%20quay"},
		{"paragraphs as a range", page, "First paragraph here.\n\nSecond one ends", "", "",
			page + "#:~:text=First%20paragraph%20here.,Second%20one%20ends"},
		{"existing fragment kept", page + "#top", "plan", "", "", page + "#top:~:text=plan"},
		{"existing directive replaced", page + "#:~:text=old", "new text here now", "", "", page + "#:~:text=new%20text%20here%20now"},
		{"no word", page, " … ", "", "", page},
		{"javascript", "javascript:alert(1)", "x", "", "", ""},
		{"data", "data:text/html,<b>x</b>", "x", "", "", ""},
		{"relative", "/story", "x", "", "", ""},
		{"user info", "https://news.test@evil.test/", "x", "", "", ""},
		{"unsafe bytes encoded", `https://news.test/a?q=<b>"x"`, "word here and there", "", "",
			"https://news.test/a?q=%3Cb%3E%22x%22#:~:text=word%20here%20and%20there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := annotate.TextFragmentURL(tt.url, tt.exact, tt.prefix, tt.suffix); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestGolden compares every text format of every fixture with its golden
// file.
func TestGolden(t *testing.T) {
	formats := []annotate.ExportFormat{annotate.ExportMarkdown, annotate.ExportHTML, annotate.ExportW3C,
		annotate.ExportCSV, annotate.ExportClaimReview}
	for name, in := range fixtures(t) {
		fs := annotate.BuildFactSheet(in)
		for _, f := range formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				checkSheetGolden(t, name+"."+string(f)+".golden", render(t, fs, f))
			})
		}
	}
}

// TestHTMLIsSelfContainedAndInert parses the HTML of every fixture and
// checks that nothing in it can run or fetch anything, and that hostile
// article text stayed text.
func TestHTMLIsSelfContainedAndInert(t *testing.T) {
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			allowed := map[string]bool{}
			for _, s := range fs.Sources {
				if s.URL != "" {
					allowed[s.URL] = true
				}
			}
			doc, err := html.Parse(bytes.NewReader(render(t, fs, annotate.ExportHTML)))
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			styles := 0
			for n := range doc.Descendants() {
				if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
					text.WriteString(n.Data)
				}
				if n.Type != html.ElementNode {
					continue
				}
				switch n.Data {
				case "script", "img", "iframe", "object", "embed", "link", "base", "form", "input",
					"video", "audio", "source", "svg", "math", "frame", "frameset", "textarea", "template":
					t.Errorf("element <%s> in the sheet", n.Data)
				case "style":
					styles++
					if n.FirstChild == nil || strings.Contains(n.FirstChild.Data, "alert") || strings.Contains(n.FirstChild.Data, "url(") ||
						strings.Contains(n.FirstChild.Data, "@import") {
						t.Errorf("style sheet holds article text or fetches: %.80q", n.FirstChild)
					}
				case "meta":
					for _, a := range n.Attr {
						if a.Key == "http-equiv" && strings.EqualFold(a.Val, "refresh") {
							t.Error("meta refresh")
						}
					}
				}
				for _, a := range n.Attr {
					switch {
					case strings.HasPrefix(a.Key, "on"), a.Key == "src", a.Key == "srcset", a.Key == "style", a.Key == "action", a.Key == "formaction":
						t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
					case a.Key == "href":
						base, _, _ := strings.Cut(a.Val, "#:~:")
						base, _, _ = strings.Cut(base, ":~:")
						if !allowed[base] && !allowed[strings.TrimSuffix(base, "#top")+"#top"] {
							t.Errorf("link to %q, not an article", a.Val)
						}
					}
				}
			}
			if styles != 1 {
				t.Errorf("%d style elements", styles)
			}
			if name == "hostile" {
				got := text.String()
				for _, s := range []string{hostileScript, "</style><img src=x onerror=alert(2)>", hostileEntities, hostileMDLink, "<textarea></textarea>"} {
					if !strings.Contains(got, s) {
						t.Errorf("hostile text %q not shown as text", s)
					}
				}
				if strings.ContainsRune(got, '\u202E') {
					t.Error("right-to-left override kept")
				}
			}
		})
	}
}

func TestW3CExportShape(t *testing.T) {
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			var doc struct {
				Context string `json:"@context"`
				Type    string `json:"type"`
				ID      string `json:"id"`
				Total   int    `json:"total"`
				First   struct {
					Type  string           `json:"type"`
					Items []map[string]any `json:"items"`
				} `json:"first"`
			}
			out := render(t, fs, annotate.ExportW3C)
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Context != annotate.W3CContext || doc.Type != "AnnotationCollection" || doc.ID == "" ||
				doc.First.Type != "AnnotationPage" || doc.Total != len(fs.Annotations) || len(doc.First.Items) != doc.Total {
				t.Fatalf("collection %s %s %q total %d items %d", doc.Context, doc.Type, doc.ID, doc.Total, len(doc.First.Items))
			}
			for i, it := range doc.First.Items {
				target, _ := it["target"].(map[string]any)
				sels, _ := target["selector"].([]any)
				var types []string
				for _, s := range sels {
					m, _ := s.(map[string]any)
					types = append(types, m["type"].(string))
					if m["type"] == "TextQuoteSelector" && m["exact"] == "" {
						t.Errorf("item %d: empty exact", i)
					}
					if m["type"] == "TextPositionSelector" {
						if _, ok := m["start"].(float64); !ok {
							t.Errorf("item %d: no start", i)
						}
						if _, ok := m["end"].(float64); !ok {
							t.Errorf("item %d: no end", i)
						}
					}
				}
				src, _ := target["source"].(string)
				if it["id"] == "" || it["type"] != "Annotation" || it["motivation"] == "" || src == "" ||
					!slices.Equal(types, []string{"TextQuoteSelector", "TextPositionSelector"}) {
					t.Errorf("item %d lacks a required field: %v", i, it)
				}
				if !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, annotate.W3CArticleURN) {
					t.Errorf("item %d: source %q is neither an http(s) URL nor a Factdesk URN", i, src)
				}
			}
			if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte("</")) {
				t.Error("JSON holds raw < (unsafe to embed in a page)")
			}
		})
	}
}

// TestW3CRoundTrip reads the export back and gets the same annotations.
func TestW3CRoundTrip(t *testing.T) {
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			got, err := annotate.ParseW3C(render(t, fs, annotate.ExportW3C))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(fs.Annotations) {
				t.Fatalf("%d annotations read back, want %d", len(got), len(fs.Annotations))
			}
			for i, w := range got {
				a := fs.Annotations[i]
				tags := a.Tags
				if tags == nil {
					tags = []string{}
				}
				wtags := w.Tags
				if wtags == nil {
					wtags = []string{}
				}
				if w.Kind != a.Kind || w.Status != a.Status || w.Speaker != a.Speaker || w.Note != a.Note ||
					!slices.Equal(wtags, tags) || w.Target.Quote == nil || w.Target.Position == nil ||
					*w.Target.Position != a.Span || w.Target.Quote.Exact != a.Exact ||
					w.Target.Quote.Prefix != a.Prefix || w.Target.Quote.Suffix != a.Suffix ||
					!w.Created.Equal(a.CreatedAt) || w.Target.Outlet != a.Outlet || w.Target.Title != a.ArticleTitle {
					t.Errorf("annotation %d read back as %+v (quote %+v), want %+v", a.ID, w, w.Target.Quote, a.Annotation)
				}
				if a.ArticleURL == "" && w.Target.ArticleID != a.ArticleID {
					t.Errorf("annotation %d: article URN gives %d, want %d", a.ID, w.Target.ArticleID, a.ArticleID)
				}
			}
		})
	}
}

func TestClaimReviewShape(t *testing.T) {
	in := harbourFixture(t)
	in.Organization = "Port Alder Fact Desk"
	fs := annotate.BuildFactSheet(in)
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(render(t, fs, annotate.ExportClaimReview), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != "https://schema.org" {
		t.Errorf("context %q", doc.Context)
	}
	// Facts 1-3 are rated; fact 4 is unverified and left out.
	want := map[string]string{
		"The council approved the harbour plan by 7 votes to 2": "Confirmed",
		"The debate lasted nearly an hour":                      "Disputed",
		"The fishing co-operative was consulted":                "False",
	}
	if len(doc.Graph) != len(want) {
		t.Fatalf("%d reviews, want %d", len(doc.Graph), len(want))
	}
	for _, cr := range doc.Graph {
		claim, _ := cr["claimReviewed"].(string)
		rating, _ := cr["reviewRating"].(map[string]any)
		item, _ := cr["itemReviewed"].(map[string]any)
		author, _ := cr["author"].(map[string]any)
		if cr["@type"] != "ClaimReview" || rating["@type"] != "Rating" || rating["alternateName"] != want[claim] ||
			rating["bestRating"] != 3.0 || rating["worstRating"] != 1.0 || rating["ratingValue"] == nil ||
			item["@type"] != "Claim" || author["@type"] != "Organization" || author["name"] != "Port Alder Fact Desk" ||
			cr["datePublished"] != "2026-03-07" {
			t.Errorf("review %v", cr)
		}
	}
	first := doc.Graph[0]["itemReviewed"].(map[string]any)
	apps, _ := first["appearance"].([]any)
	var urls []string
	for _, a := range apps {
		urls = append(urls, a.(map[string]any)["url"].(string))
	}
	if !slices.Equal(urls, []string{"https://coastline-wire.test/harbour-vote", "https://lantern.test/harbour?id=7&src=rss"}) {
		t.Errorf("appearances %q", urls)
	}
}

// TestCSVReadsBack reads the CSV of every fixture with encoding/csv and
// checks each row against its annotation, and that no cell can start a
// formula.
func TestCSVReadsBack(t *testing.T) {
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			rows, err := csv.NewReader(bytes.NewReader(render(t, fs, annotate.ExportCSV))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], annotate.AnnotationsCSVHeader) {
				t.Fatalf("header %q", rows[0])
			}
			if len(rows)-1 != len(fs.Annotations) {
				t.Fatalf("%d rows, want %d", len(rows)-1, len(fs.Annotations))
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			for i, row := range rows[1:] {
				for j, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("row %d column %s starts a formula: %q", i+1, rows[0][j], cell)
					}
				}
				get := func(c string) string { return annotate.UnescapeCSVCell(row[col[c]]) }
				a := fs.Annotations[i]
				// A CSV reader gives every line break back as "\n".
				nl := strings.NewReplacer("\r\n", "\n", "\r", "\n")
				a.Note, a.Prefix, a.Suffix, a.Exact = nl.Replace(a.Note), nl.Replace(a.Prefix), nl.Replace(a.Suffix), nl.Replace(a.Exact)
				var tags []string
				if s := get("tags"); s != "" {
					tags = strings.Split(s, annotate.CSVTagSeparator)
				}
				start, _ := strconv.Atoi(get("start"))
				end, _ := strconv.Atoi(get("end"))
				if get("id") != strconv.FormatInt(a.ID, 10) || get("outlet") != a.Outlet || get("text") != a.Exact ||
					get("prefix") != a.Prefix || get("suffix") != a.Suffix || get("note") != a.Note ||
					get("speaker") != a.Speaker || get("kind") != string(a.Kind) || get("status") != string(a.Status) ||
					!slices.Equal(tags, a.Tags) || start != a.Start || end != a.End || get("article_title") != a.ArticleTitle ||
					get("created") != a.CreatedAt.Format(time.RFC3339) || get("story") != a.Story {
					t.Errorf("row %d does not read back as annotation %d: %q", i+1, a.ID, row)
				}
			}
		})
	}
}

func TestCSVCellEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-2", "'-2"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"'x", "'x"},
		{"", ""},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		got := annotate.EscapeCSVCell(tt.in)
		if got != tt.want {
			t.Errorf("EscapeCSVCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := annotate.UnescapeCSVCell(got); back != tt.in {
			t.Errorf("UnescapeCSVCell(%q) = %q, want %q", got, back, tt.in)
		}
	}
}

// TestPDF renders every fixture and, when poppler's pdftotext is installed,
// checks that the facts and quotes are in the text.
func TestPDF(t *testing.T) {
	pdftotext, lookErr := exec.LookPath("pdftotext")
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			fs := annotate.BuildFactSheet(in)
			out := render(t, fs, annotate.ExportPDF)
			if !bytes.HasPrefix(out, []byte("%PDF-1.")) || !bytes.Contains(out[max(0, len(out)-64):], []byte("%%EOF")) {
				t.Fatalf("not a PDF: %.20q ... %.20q", out, out[max(0, len(out)-20):])
			}
			if lookErr != nil {
				t.Skip("pdftotext not installed (apt-get install poppler-utils; make test does): text not checked")
			}
			path := filepath.Join(t.TempDir(), name+".pdf")
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			text, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			flat := strings.Join(strings.Fields(string(text)), " ")
			var want []string
			for _, f := range fs.Facts {
				want = append(want, f.Text)
			}
			for _, sp := range fs.Speakers {
				for _, q := range sp.Quotes {
					want = append(want, q.Canonical)
				}
			}
			if name == "harbour" {
				want = append(want, "Inès Okafor", "€48 million", "we will", "Page 1 of", "Produced by Factdesk test")
			}
			for _, w := range want {
				if w = strings.Join(strings.Fields(pdfPrintable(w)), " "); !strings.Contains(flat, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
		})
	}
}

// pdfPrintable is what the PDF prints for s: composed characters,
// bidirectional controls dropped, and □ for the emoji, Arabic, Hebrew and
// supplementary-plane characters the Go fonts lack.
func pdfPrintable(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		switch {
		case r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069':
		case r > 0xFFFF, r >= 0x0590 && r <= 0x06FF:
			b.WriteRune('□')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestExportFormats(t *testing.T) {
	for _, f := range annotate.ExportFormats {
		got, err := annotate.ParseExportFormat(string(f))
		if err != nil || got != f || f.Label() == "" || !strings.HasPrefix(f.Extension(), ".") || f.MediaType() == "" {
			t.Errorf("format %q: parse %q %v label %q ext %q", f, got, err, f.Label(), f.Extension())
		}
	}
	if _, err := annotate.ParseExportFormat("docx"); err == nil {
		t.Error("docx accepted")
	}
	if err := annotate.Render(&bytes.Buffer{}, annotate.FactSheet{}, "docx"); err == nil {
		t.Error("render docx succeeded")
	}
}

// TestEmptySheet renders a story with nothing in it in every format.
func TestEmptySheet(t *testing.T) {
	fs := annotate.BuildFactSheet(annotate.FactSheetInput{Story: annotate.Story{ID: 1, Name: "Empty"}})
	for _, f := range annotate.ExportFormats {
		if out := render(t, fs, f); len(out) == 0 {
			t.Errorf("%s: empty output", f)
		}
	}
}
