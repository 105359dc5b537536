package annotate

import (
	"strings"
	"unicode"
)

// CellKind says how a word of a variant compares with the reference word
// in its column.
type CellKind uint8

// Cell kinds.
const (
	// CellEmpty: neither this text nor the reference has a word here
	// (another text added one).
	CellEmpty CellKind = iota
	// CellSame: the reference's word, printed the same.
	CellSame
	// CellPunct: the reference's word, with other punctuation, quotation
	// marks or case ("decade," for "decade.").
	CellPunct
	// CellChanged: another word in the reference word's place.
	CellChanged
	// CellAdded: a word the reference does not have.
	CellAdded
	// CellMissing: the reference has a word here that this text leaves out.
	CellMissing
)

// String names the kind, for golden files and debugging.
func (k CellKind) String() string {
	switch k {
	case CellEmpty:
		return "empty"
	case CellSame:
		return "same"
	case CellPunct:
		return "punct"
	case CellChanged:
		return "changed"
	case CellAdded:
		return "added"
	case CellMissing:
		return "missing"
	}
	return "unknown"
}

// AlignedCell is one word of a text in the column layout.
type AlignedCell struct {
	// Text is the word as printed, with the punctuation attached to it
	// ("decade,"); empty for CellEmpty and CellMissing.
	Text string
	Kind CellKind
}

// VariantAlignment lays several renderings of a quote out in columns, word
// by word, the way collation tools align the witnesses of a text: every
// column holds one word of the reference, or words that some texts add
// where the reference has none.
type VariantAlignment struct {
	// Columns is the number of columns.
	Columns int
	// Reference is the reference text's row: its words (CellSame) and
	// CellEmpty in the columns of added words.
	Reference []AlignedCell
	// Rows has one row per text, in the order given, each Columns long.
	Rows [][]AlignedCell
}

// AlignVariants aligns texts word by word against reference. Words are
// runs of text between spaces and are compared by their normalised form
// (NormalizeWords), so "decade," lines up with "decade." (as CellPunct).
// Each text is aligned to the reference by the longest common subsequence
// of words; between two shared words, the text's words take the places of
// the reference's words in order (CellChanged), words left over on the
// text's side go to added columns after them (CellAdded), and on the
// reference's side are missing (CellMissing). Words several texts add at
// the same place share columns, from the left.
func AlignVariants(reference string, texts []string) VariantAlignment {
	ref := gvTokens(reference)
	m := len(ref)
	type placed struct {
		cells []AlignedCell // one per reference word
		added [][]string    // added[g]: words added before reference word g (g == m: at the end)
	}
	all := make([]placed, len(texts))
	width := make([]int, m+1)
	for t, text := range texts {
		toks := gvTokens(text)
		p := placed{cells: make([]AlignedCell, m), added: make([][]string, m+1)}
		pairs := gvLCS(ref, toks)
		r0, v0 := 0, 0
		for _, pr := range append(pairs, [2]int{m, len(toks)}) {
			r1, v1 := pr[0], pr[1]
			// The stretch ref[r0:r1] against toks[v0:v1].
			k := 0
			for ; r0+k < r1 && v0+k < v1; k++ {
				p.cells[r0+k] = AlignedCell{Text: toks[v0+k].text, Kind: CellChanged}
			}
			for j := r0 + k; j < r1; j++ {
				p.cells[j] = AlignedCell{Kind: CellMissing}
			}
			for j := v0 + k; j < v1; j++ {
				p.added[r1] = append(p.added[r1], toks[j].text)
			}
			if r1 < m {
				kind := CellSame
				if toks[v1].text != ref[r1].text {
					kind = CellPunct
				}
				p.cells[r1] = AlignedCell{Text: toks[v1].text, Kind: kind}
			}
			r0, v0 = r1+1, v1+1
		}
		for g, words := range p.added {
			width[g] = max(width[g], len(words))
		}
		all[t] = p
	}

	cols := m
	for _, w := range width {
		cols += w
	}
	va := VariantAlignment{Columns: cols, Reference: make([]AlignedCell, 0, cols), Rows: make([][]AlignedCell, len(texts))}
	for g := 0; g <= m; g++ {
		for range width[g] {
			va.Reference = append(va.Reference, AlignedCell{Kind: CellEmpty})
		}
		if g < m {
			va.Reference = append(va.Reference, AlignedCell{Text: ref[g].text, Kind: CellSame})
		}
	}
	for t, p := range all {
		row := make([]AlignedCell, 0, cols)
		for g := 0; g <= m; g++ {
			for k := range width[g] {
				if k < len(p.added[g]) {
					row = append(row, AlignedCell{Text: p.added[g][k], Kind: CellAdded})
				} else {
					row = append(row, AlignedCell{Kind: CellEmpty})
				}
			}
			if g < m {
				row = append(row, p.cells[g])
			}
		}
		va.Rows[t] = row
	}
	return va
}

// Varies reports whether the texts differ from the reference in column c
// by more than punctuation.
func (va VariantAlignment) Varies(c int) bool {
	for _, row := range va.Rows {
		switch row[c].Kind {
		case CellChanged, CellAdded, CellMissing:
			return true
		}
	}
	return false
}

// gvToken is a word of AlignVariants: its text as printed and its
// normalised key.
type gvToken struct {
	text string
	key  string
}

// gvTokens cuts s at white space; a token's key is its normalised words, or
// the token itself when it has no word (a dash).
func gvTokens(s string) []gvToken {
	fields := strings.FieldsFunc(s, unicode.IsSpace)
	out := make([]gvToken, len(fields))
	for i, f := range fields {
		key := strings.Join(NormalizeWords(f), " ")
		if key == "" {
			key = "\x00" + f
		}
		out[i] = gvToken{text: f, key: key}
	}
	return out
}

// gvLCS returns the index pairs (in a, in b) of a longest common
// subsequence of a and b by key, in increasing order.
func gvLCS(a, b []gvToken) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	// dp[i][j] is the LCS length of a[i:] and b[j:], one flat table.
	w := m + 1
	dp := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i].key == b[j].key:
				dp[i*w+j] = dp[(i+1)*w+j+1] + 1
			case dp[(i+1)*w+j] >= dp[i*w+j+1]:
				dp[i*w+j] = dp[(i+1)*w+j]
			default:
				dp[i*w+j] = dp[i*w+j+1]
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i].key == b[j].key:
			out = append(out, [2]int{i, j})
			i++
			j++
		case dp[(i+1)*w+j] >= dp[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
