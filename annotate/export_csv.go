package annotate

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// AnnotationsCSVHeader names the columns of WriteAnnotationsCSV, in order.
// Tags are joined with "; ", fact ids with spaces; times are RFC 3339 UTC.
var AnnotationsCSVHeader = []string{
	"id", "story", "article_id", "outlet", "article_title", "article_url",
	"start", "end", "kind", "status", "speaker", "tags", "note",
	"text", "prefix", "suffix", "anchor", "supports_facts", "contradicts_facts",
	"link", "created", "updated",
}

// csvNewlines makes every line break a line feed, which the writer puts out
// as CRLF and readers give back as a line feed; a lone carriage return would
// otherwise be lost.
var csvNewlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// CSVTagSeparator joins an annotation's tags in one CSV cell.
const CSVTagSeparator = "; "

// WriteAnnotationsCSV writes every annotation of fs, one row each with all
// its fields, under the AnnotationsCSVHeader row (RFC 4180, CRLF line ends,
// for spreadsheets). Text is written as stored, except that every line break
// inside a cell becomes CRLF (a CSV reader gives it back as "\n"), and with
// one change against
// formula injection (OWASP): a cell that starts with = + - @, a tab or a
// carriage return, or with single quotes followed by one of those, gets a
// single quote in front, so a spreadsheet shows it as text instead of
// evaluating it. UnescapeCSVCell undoes this.
func WriteAnnotationsCSV(w io.Writer, fs FactSheet) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(AnnotationsCSVHeader); err != nil {
		return err
	}
	row := make([]string, len(AnnotationsCSVHeader))
	for _, a := range fs.Annotations {
		row = append(row[:0],
			strconv.FormatInt(a.ID, 10), a.Story, strconv.FormatInt(a.ArticleID, 10), a.Outlet,
			a.ArticleTitle, a.ArticleURL, strconv.Itoa(a.Start), strconv.Itoa(a.End),
			string(a.Kind), string(a.Status), a.Speaker, strings.Join(a.Tags, CSVTagSeparator), a.Note,
			a.Exact, a.Prefix, a.Suffix, string(a.Anchor), csvJoinIDs(a.Supports), csvJoinIDs(a.Contradicts),
			a.Link, csvTime(a.CreatedAt), csvTime(a.UpdatedAt),
		)
		for i := range row {
			row[i] = EscapeCSVCell(csvNewlines.Replace(row[i]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// EscapeCSVCell neutralises a cell a spreadsheet would take for a formula:
// one that starts with = + - @, a tab or a carriage return, or with one or
// more single quotes followed by one of those, gets a single quote in front.
// The second rule makes the escape reversible.
func EscapeCSVCell(s string) string {
	if csvRisky(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// UnescapeCSVCell reverses EscapeCSVCell.
func UnescapeCSVCell(s string) string {
	if strings.HasPrefix(s, "'") && csvRisky(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

func csvRisky(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

func csvJoinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, " ")
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
