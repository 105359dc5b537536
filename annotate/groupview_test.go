package annotate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2031, 5, d, 0, 0, 0, 0, time.UTC) }

// harbourGroup is a group of four quotes in three articles: the wire's
// text, a tabloid that splits it around the attribution, and a blog that
// drops words, changes punctuation and names another speaker.
func harbourGroup() (Group, []GroupMember) {
	const canonical = "This is the most important decision we will make this decade, and we made it together."
	members := []GroupMember{
		{Quote: Quote{ID: 10, ArticleID: 1, Outlet: "Coastline Wire", Span: Span{Start: 40, End: 127},
			Text: canonical, Speaker: "Mayor Ines Okafor", SpeakerConfidence: 0.9, Kind: QuoteStatement, Utterance: 1},
			Published: day(4)},
		{Quote: Quote{ID: 21, ArticleID: 2, Outlet: "Daily Lantern", Span: Span{Start: 100, End: 150},
			Text: "This is the most important decision we will make this decade,", Speaker: "Okafor",
			SpeakerConfidence: 0.8, Kind: QuoteStatement, Utterance: 3}, Published: day(5)},
		{Quote: Quote{ID: 22, ArticleID: 2, Outlet: "Daily Lantern", Span: Span{Start: 163, End: 190},
			Text: "and we made it together.", Speaker: "", Kind: QuoteStatement, Utterance: 3}, Published: day(5)},
		{Quote: Quote{ID: 30, ArticleID: 3, Outlet: "Harbour Blog", Span: Span{Start: 5, End: 60},
			Text: "This is the most important decision we will make this decade!", Speaker: "Tomas Reyes",
			SpeakerConfidence: 0.6, Kind: QuoteStatement, Utterance: 1}},
	}
	g := Group{ID: 7, StoryID: 1, Speaker: "Mayor Ines Okafor", Canonical: canonical, Conflict: true,
		QuoteIDs: []int64{10, 21, 22, 30}}
	return g, members
}

func TestNewGroupView(t *testing.T) {
	g, members := harbourGroup()
	// Members come in any order; one the group does not list is ignored.
	in := append([]GroupMember{members[3], {Quote: Quote{ID: 99, ArticleID: 9, Text: "stray"}}}, members[:3]...)
	v, err := NewGroupView(g, in, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.GroupID != 7 || v.ReferenceText != g.Canonical || v.ReferenceID != 0 || !v.Conflict {
		t.Errorf("view header = %+v", v)
	}
	type row struct {
		ids       []int64
		outlet    string
		ref       bool
		speaker   string
		differs   bool
		text      string
		minSim    float64
		punctOnly bool // has a punctuation-only op
	}
	want := []row{
		{[]int64{10}, "Coastline Wire", true, "Mayor Ines Okafor", false, g.Canonical, 1, false},
		{[]int64{21, 22}, "Daily Lantern", false, "Okafor", false,
			"This is the most important decision we will make this decade, and we made it together.", 1, false},
		{[]int64{30}, "Harbour Blog", false, "Tomas Reyes", true,
			"This is the most important decision we will make this decade!", 0.7, true},
	}
	if len(v.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(v.Rows), len(want), v.Rows)
	}
	for k, w := range want {
		r := v.Rows[k]
		if !slices.Equal(r.QuoteIDs, w.ids) || r.Outlet != w.outlet || r.Reference != w.ref ||
			r.Speaker != w.speaker || r.SpeakerDiffers != w.differs || r.Text != w.text {
			t.Errorf("row %d = %+v\nwant %+v", k, r, w)
		}
		if r.Similarity < w.minSim {
			t.Errorf("row %d similarity %v, want at least %v", k, r.Similarity, w.minSim)
		}
		var fromRef, fromRow strings.Builder
		hasPunct := false
		for _, op := range r.Ops {
			if op.Op != OpInsert {
				fromRef.WriteString(op.Text)
			}
			if op.Op != OpDelete {
				fromRow.WriteString(op.Text)
			}
			if op.PunctOnly != op.DiffOp.PunctOnly() {
				t.Errorf("row %d op %+v: flag disagrees with DiffOp.PunctOnly", k, op)
			}
			hasPunct = hasPunct || op.PunctOnly
		}
		if fromRef.String() != v.ReferenceText || fromRow.String() != r.Text {
			t.Errorf("row %d ops rebuild %q / %q", k, fromRef.String(), fromRow.String())
		}
		if hasPunct != w.punctOnly {
			t.Errorf("row %d: punctuation-only op %v, want %v (ops %+v)", k, hasPunct, w.punctOnly, r.Ops)
		}
	}
	if got := v.Rows[1].Spans; !slices.Equal(got, []Span{{100, 150}, {163, 190}}) {
		t.Errorf("split row spans = %v", got)
	}
	if !v.Rows[2].Published.IsZero() {
		t.Error("unknown date not kept zero")
	}
}

func TestNewGroupViewReference(t *testing.T) {
	g, members := harbourGroup()
	v, err := NewGroupView(g, members, 30)
	if err != nil {
		t.Fatal(err)
	}
	if v.ReferenceID != 30 || v.ReferenceText != members[3].Text {
		t.Errorf("reference %d %q", v.ReferenceID, v.ReferenceText)
	}
	if r := v.Rows[0]; !r.Reference || r.QuoteIDs[0] != 30 || r.Similarity != 1 || len(r.Ops) != 1 || r.Ops[0].Op != OpEqual {
		t.Errorf("first row = %+v, want the reference, equal to itself", r)
	}
	for _, r := range v.Rows[1:] {
		if r.Reference {
			t.Errorf("second reference row %+v", r)
		}
	}
	// Either part of a split quote picks its whole rendering.
	if v, err := NewGroupView(g, members, 22); err != nil || v.Rows[0].QuoteIDs[0] != 21 || !v.Rows[0].Reference {
		t.Errorf("reference by second part: %+v, %v", v.Rows, err)
	}
	if _, err := NewGroupView(g, members, 99); err == nil {
		t.Error("a reference outside the group gave no error")
	}
	// A pinned canonical that no rendering prints as is: no row is the
	// reference, every row is diffed against it.
	g.Canonical = "and we made it together."
	v, err = NewGroupView(g, members, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Rows {
		if r.Reference {
			t.Errorf("row %v marked reference for a canonical no row prints", r.QuoteIDs)
		}
	}
}

func TestGroupViewGolden(t *testing.T) {
	g, members := harbourGroup()
	v, err := NewGroupView(g, members, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "group %d  speaker %q  conflict %v\nreference %q\n", v.GroupID, v.Speaker, v.Conflict, v.ReferenceText)
	for _, r := range v.Rows {
		date := "????-??-??"
		if !r.Published.IsZero() {
			date = r.Published.Format(DateLayout)
		}
		mark := " "
		if r.Reference {
			mark = "*"
		}
		fmt.Fprintf(&sb, "%s %-15s %s  %-18q differs=%-5v sim=%.3f  ", mark, r.Outlet, date, r.Speaker, r.SpeakerDiffers, r.Similarity)
		for _, op := range r.Ops {
			quiet := ""
			if op.PunctOnly {
				quiet = "."
			}
			switch op.Op {
			case OpEqual:
				sb.WriteString(op.Text)
			case OpDelete:
				sb.WriteString("[-" + quiet + op.Text + "-]")
			case OpInsert:
				sb.WriteString("{+" + quiet + op.Text + "+}")
			}
		}
		sb.WriteString("\n")
	}
	sb.WriteString("alignment:\n")
	sb.WriteString(renderVariantAlignment(v.Align()))
	checkGolden(t, filepath.Join("testdata", "align", "groupview.golden"), sb.String())
}

// checkGolden compares got with the golden file, or rewrites it under
// -update-align.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *updateAlign {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (rerun with -update-align to create it)", err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("output differs from %s (rerun with -update-align and read the diff):\n%s", path, got)
	}
}

// renderVariantAlignment prints one line per row, cells separated by |,
// each as text and a one-letter kind: = same, . punct, ~ changed, + added,
// - missing, blank for empty.
func renderVariantAlignment(va VariantAlignment) string {
	sign := map[CellKind]string{CellSame: "=", CellPunct: ".", CellChanged: "~", CellAdded: "+", CellMissing: "-", CellEmpty: " "}
	line := func(cells []AlignedCell) string {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = sign[c.Kind] + c.Text
		}
		return strings.Join(parts, "|")
	}
	var sb strings.Builder
	sb.WriteString("ref  " + line(va.Reference) + "\n")
	for k, row := range va.Rows {
		fmt.Fprintf(&sb, "%-4d %s\n", k, line(row))
	}
	var varies []string
	for c := range va.Columns {
		if va.Varies(c) {
			varies = append(varies, fmt.Sprint(c))
		}
	}
	sb.WriteString("varies " + strings.Join(varies, ",") + "\n")
	return sb.String()
}

func TestAlignVariants(t *testing.T) {
	tests := []struct {
		name  string
		ref   string
		texts []string
		want  string // renderVariantAlignment without the "varies" line
	}{
		{"identical", "We will win.", []string{"We will win."},
			"ref  =We|=will|=win.\n0    =We|=will|=win.\n"},
		{"punctuation and case", "We will win.", []string{"we will win!"},
			"ref  =We|=will|=win.\n0    .we|=will|.win!\n"},
		{"dropped word", "We will surely win.", []string{"We will win."},
			"ref  =We|=will|=surely|=win.\n0    =We|=will|-|=win.\n"},
		{"added word", "We will win.", []string{"We will surely win."},
			"ref  =We|=will| |=win.\n0    =We|=will|+surely|=win.\n"},
		{"changed word", "We will win.", []string{"We shall win."},
			"ref  =We|=will|=win.\n0    =We|~shall|=win.\n"},
		{"change with a longer replacement", "We will win.", []string{"We are going to win."},
			"ref  =We|=will| | |=win.\n0    =We|~are|+going|+to|=win.\n"},
		{"same addition shares its columns", "We will win.", []string{"We will surely win.", "We will surely not win.", "We will win."},
			"ref  =We|=will| | |=win.\n0    =We|=will|+surely| |=win.\n1    =We|=will|+surely|+not|=win.\n2    =We|=will| | |=win.\n"},
		{"added at both ends", "will win", []string{"We will win today"},
			"ref   |=will|=win| \n0    +We|=will|=win|+today\n"},
		{"empty text", "We win.", []string{""},
			"ref  =We|=win.\n0    -|-\n"},
		{"empty reference", "", []string{"We win."},
			"ref   | \n0    +We|+win.\n"},
		{"dash tokens compare as themselves", "Yes — now.", []string{"Yes – now."},
			"ref  =Yes|=—|=now.\n0    =Yes|~–|=now.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			va := AlignVariants(tt.ref, tt.texts)
			if len(va.Reference) != va.Columns || len(va.Rows) != len(tt.texts) {
				t.Fatalf("%d reference cells, %d rows for %d columns", len(va.Reference), len(va.Rows), va.Columns)
			}
			for k, row := range va.Rows {
				if len(row) != va.Columns {
					t.Fatalf("row %d has %d cells, want %d", k, len(row), va.Columns)
				}
				// The row's words, in order, are the text's words.
				var words []string
				for _, c := range row {
					if c.Text != "" {
						words = append(words, c.Text)
					}
				}
				if !slices.Equal(words, strings.Fields(tt.texts[k])) {
					t.Errorf("row %d words %q, want %q", k, words, strings.Fields(tt.texts[k]))
				}
			}
			got := renderVariantAlignment(va)
			got = got[:strings.LastIndex(got, "varies")]
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestGroupSummaries(t *testing.T) {
	g, members := harbourGroup()
	var quotes []Quote
	for _, m := range members {
		quotes = append(quotes, m.Quote)
	}
	quotes = append(quotes,
		Quote{ID: 40, ArticleID: 1, Outlet: "Coastline Wire", Text: "The fees will not rise this year, whatever happens."},
		Quote{ID: 41, ArticleID: 2, Outlet: "Daily Lantern", Text: "The fees will not rise this year, whatever happens."},
		Quote{ID: 50, ArticleID: 1, Outlet: "Coastline Wire", Text: "We expect the ferry to run again by Friday morning."},
		Quote{ID: 51, ArticleID: 3, Outlet: "Harbour Blog", Text: "We expect the ferry to run by Friday."},
	)
	groups := []Group{
		g,
		{ID: 8, Speaker: "Jane Doe", Canonical: quotes[4].Text, QuoteIDs: []int64{40, 41}},
		{ID: 9, Speaker: "", Canonical: quotes[6].Text, QuoteIDs: []int64{50, 51, 77}}, // 77 unknown
	}
	sum := SummarizeGroups(groups, quotes)
	if len(sum) != 3 {
		t.Fatalf("%d summaries", len(sum))
	}
	if s := sum[0]; !slices.Equal(s.Outlets, []string{"Coastline Wire", "Daily Lantern", "Harbour Blog"}) ||
		s.Quotes != 4 || !s.Conflict || s.Speaker != g.Speaker || s.MinSimilarity >= 1 || s.MinSimilarity < 0.7 {
		t.Errorf("summary 0 = %+v", s)
	}
	// The split rendering reads as one text: the lowest similarity is the
	// blog's (it drops "and we made it together"), not a half's.
	want := gvSimilarityOf(g.Canonical, members[3].Text)
	if sum[0].MinSimilarity != want {
		t.Errorf("lowest similarity %v, want the blog's %v", sum[0].MinSimilarity, want)
	}
	if s := sum[1]; s.MinSimilarity != 1 || len(s.Outlets) != 2 || s.Conflict {
		t.Errorf("summary 1 = %+v", s)
	}
	if s := sum[2]; s.Quotes != 3 || len(s.Outlets) != 2 || s.MinSimilarity >= 0.9 {
		t.Errorf("summary 2 = %+v", s)
	}

	ids := func(s []GroupSummary) []int64 {
		var out []int64
		for _, x := range s {
			out = append(out, x.GroupID)
		}
		return out
	}
	for _, tt := range []struct {
		by   GroupOrder
		want []int64
	}{
		{ByOutlets, []int64{7, 8, 9}},
		{ByDisagreement, []int64{7, 9, 8}},
		{BySpeaker, []int64{8, 7, 9}},
	} {
		s := slices.Clone(sum)
		SortGroupSummaries(s, tt.by)
		if got := ids(s); !slices.Equal(got, tt.want) {
			t.Errorf("order %d: %v, want %v", tt.by, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name string
		f    GroupFilter
		want []int64
	}{
		{"none", GroupFilter{}, []int64{7, 8, 9}},
		{"surname", GroupFilter{Speaker: "Okafor"}, []int64{7}},
		{"full name with title", GroupFilter{Speaker: "Ms Jane Doe"}, []int64{8}},
		{"unknown speaker", GroupFilter{Speaker: "Reyes"}, nil},
		{"outlet, any case", GroupFilter{Outlet: "harbour blog"}, []int64{7, 9}},
		{"speaker and outlet", GroupFilter{Speaker: "Doe", Outlet: "Harbour Blog"}, nil},
		{"conflicts", GroupFilter{Conflict: true}, []int64{7}},
	} {
		if got := ids(FilterGroupSummaries(sum, tt.f)); !slices.Equal(got, tt.want) {
			t.Errorf("filter %s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := GroupSpeakers(sum); !slices.Equal(got, []string{"Jane Doe", "Mayor Ines Okafor"}) {
		t.Errorf("speakers %v", got)
	}
	if got := GroupOutlets(sum); !slices.Equal(got, []string{"Coastline Wire", "Daily Lantern", "Harbour Blog"}) {
		t.Errorf("outlets %v", got)
	}
}

// gvSimilarityOf is the similarity DiffWords reports.
func gvSimilarityOf(a, b string) float64 { return DiffWords(a, b).Similarity }

// variants20 builds a group of 20 renderings of a 46-word quote, each
// outlet changing, dropping or adding a few words and punctuation.
func variants20() (Group, []GroupMember) {
	base := strings.Fields("We have listened to the people of this valley for two years, and the message has been clear: " +
		"they want the trains back, they want them on time, and they want fares that a family on an ordinary wage " +
		"can afford without thinking twice about it.")
	g := Group{ID: 1, Speaker: "Ines Okafor", Canonical: strings.Join(base, " ")}
	var ms []GroupMember
	for k := range 20 {
		ws := slices.Clone(base)
		switch k % 4 {
		case 1:
			ws[(k*3)%len(ws)] = "really"
		case 2:
			ws = slices.Delete(ws, k%10, k%10+3)
		case 3:
			ws = slices.Insert(ws, k%len(ws), "frankly,")
		}
		text := strings.Join(ws, " ")
		if k%5 == 4 {
			text = strings.ReplaceAll(text, ",", ";")
		}
		id := int64(k + 1)
		g.QuoteIDs = append(g.QuoteIDs, id)
		ms = append(ms, GroupMember{Quote: Quote{ID: id, ArticleID: id, Outlet: fmt.Sprintf("Outlet %02d", k),
			Text: text, Speaker: "Okafor", SpeakerConfidence: 0.8, Kind: QuoteStatement}, Published: day(1 + k%7)})
	}
	return g, ms
}

func BenchmarkGroupView20Variants(b *testing.B) {
	g, ms := variants20()
	for b.Loop() {
		v, err := NewGroupView(g, ms, 0)
		if err != nil {
			b.Fatal(err)
		}
		v.Align()
	}
}

func TestGroupView20Variants(t *testing.T) {
	g, ms := variants20()
	v, err := NewGroupView(g, ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	va := v.Align()
	if len(v.Rows) != 20 || len(va.Rows) != 20 || !v.Rows[0].Reference {
		t.Fatalf("%d rows, %d aligned rows", len(v.Rows), len(va.Rows))
	}
	// Five variants add "frankly," each at its own place: the columns are
	// the 46 words of the canonical text and five added-word columns.
	if va.Columns != 46+5 {
		t.Errorf("%d columns, want 51", va.Columns)
	}
}
