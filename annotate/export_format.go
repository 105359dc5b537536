package annotate

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
)

// ExportFormat is a format a fact sheet can be written in.
type ExportFormat string

// The export formats.
const (
	// ExportMarkdown is CommonMark with GitHub tables and strikethrough, for
	// pasting into newsroom tools.
	ExportMarkdown ExportFormat = "md"
	// ExportHTML is one self-contained page: inline CSS, no scripts, no
	// external requests; it prints well.
	ExportHTML ExportFormat = "html"
	// ExportPDF is an A4 document with the same content as the HTML.
	ExportPDF ExportFormat = "pdf"
	// ExportW3C is every annotation of the story in the W3C Web Annotation
	// data model (JSON-LD), which ParseW3C reads back.
	ExportW3C ExportFormat = "json"
	// ExportCSV is every annotation of the story, one row each.
	ExportCSV ExportFormat = "csv"
	// ExportClaimReview is schema.org ClaimReview JSON-LD for the facts
	// rated confirmed, disputed or false.
	ExportClaimReview ExportFormat = "claimreview"
)

// ExportFormats lists every export format in menu order.
var ExportFormats = []ExportFormat{ExportMarkdown, ExportHTML, ExportPDF, ExportW3C, ExportCSV, ExportClaimReview}

// ParseExportFormat checks s names an export format.
func ParseExportFormat(s string) (ExportFormat, error) {
	for _, f := range ExportFormats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown export format %q (want md, html, pdf, json, csv or claimreview)", s)
}

// Label names the format for menus and dialogs.
func (f ExportFormat) Label() string {
	switch f {
	case ExportMarkdown:
		return "Markdown"
	case ExportHTML:
		return "HTML page"
	case ExportPDF:
		return "PDF"
	case ExportW3C:
		return "W3C Web Annotations (JSON-LD)"
	case ExportCSV:
		return "Annotations (CSV)"
	case ExportClaimReview:
		return "ClaimReview (JSON-LD)"
	}
	return string(f)
}

// Extension is the file name extension for the format, with its dot.
func (f ExportFormat) Extension() string {
	switch f {
	case ExportMarkdown:
		return ".md"
	case ExportHTML:
		return ".html"
	case ExportPDF:
		return ".pdf"
	case ExportCSV:
		return ".csv"
	case ExportClaimReview:
		return ".claimreview.json"
	}
	return ".json"
}

// MediaType is the format's MIME type.
func (f ExportFormat) MediaType() string {
	switch f {
	case ExportMarkdown:
		return "text/markdown; charset=utf-8"
	case ExportHTML:
		return "text/html; charset=utf-8"
	case ExportPDF:
		return "application/pdf"
	case ExportCSV:
		return "text/csv; charset=utf-8"
	case ExportW3C:
		return `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`
	}
	return "application/ld+json"
}

// Render writes fs to w in format f.
func Render(w io.Writer, fs FactSheet, f ExportFormat) error {
	var err error
	switch f {
	case ExportMarkdown:
		err = WriteMarkdown(w, fs)
	case ExportHTML:
		err = WriteHTML(w, fs)
	case ExportPDF:
		err = WritePDF(w, fs)
	case ExportW3C:
		err = WriteW3C(w, fs)
	case ExportCSV:
		err = WriteAnnotationsCSV(w, fs)
	case ExportClaimReview:
		err = WriteClaimReview(w, fs)
	default:
		_, err = ParseExportFormat(string(f))
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", f.Label(), err)
	}
	return nil
}

// sheetStatusLabel is how a status is printed.
func sheetStatusLabel(s Status) string {
	switch s {
	case StatusConfirmed:
		return "Confirmed"
	case StatusDisputed:
		return "Disputed"
	case StatusFalse:
		return "False"
	}
	return "Unverified"
}

// sheetKindTitle is the heading of a section of annotations of one kind.
func sheetKindTitle(k Kind) string {
	switch k {
	case KindFact:
		return "Facts marked in the text"
	case KindQuote:
		return "Quotes marked in the text"
	case KindClaim:
		return "Claims"
	case KindNote:
		return "Notes"
	}
	return string(k)
}

// sheetDate prints a date as "4 March 2026".
func sheetDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// sheetDateRange prints the span of coverage: "4–6 March 2026", "28 February – 2
// March 2026", or "" when no source is dated.
func sheetDateRange(from, to time.Time) string {
	switch {
	case from.IsZero():
		return ""
	case from.Equal(to):
		return sheetDate(from)
	case from.Year() == to.Year() && from.Month() == to.Month():
		return fmt.Sprintf("%d–%s", from.Day(), sheetDate(to))
	case from.Year() == to.Year():
		return from.Format("2 January") + " – " + sheetDate(to)
	}
	return sheetDate(from) + " – " + sheetDate(to)
}

// sheetStamp prints the time a sheet was generated.
func sheetStamp(t time.Time) string {
	if t.IsZero() {
		return "an unknown time"
	}
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}

// sheetFooterLine is the sentence closing every document.
func sheetFooterLine(f SheetFooter) string {
	var b strings.Builder
	b.WriteString("Produced")
	if f.Generator != "" {
		b.WriteString(" by " + sheetText(f.Generator))
	}
	b.WriteString(" on " + sheetStamp(f.GeneratedAt))
	if f.Store != "" {
		b.WriteString(" from store " + sheetText(f.Store))
		if f.Revision > 0 {
			fmt.Fprintf(&b, " (revision %d)", f.Revision)
		}
	}
	b.WriteString(".")
	return b.String()
}

// sheetText prepares article text for a document meant to be read: white
// space, line breaks included, collapses to single spaces and is trimmed;
// control characters are dropped; and bidirectional embedding, override and
// isolate controls are dropped, so a stray right-to-left override cannot
// reorder what follows it (the "Trojan Source" trick). Right-to-left letters
// themselves are kept and display in their natural order.
func sheetText(s string) string {
	return strings.TrimSpace(sheetRun(s))
}

// sheetNote is sheetText for an editor's note, keeping its line breaks:
// each line is cleaned, and runs of blank lines become one.
func sheetNote(s string) string {
	var lines []string
	blank := false
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = sheetText(line)
		if line == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// sheetRun is sheetText for a piece of a longer text (a run of a diff):
// white space at its edges collapses to one space but is kept.
func sheetRun(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case sheetBidiControl(r), unicode.IsControl(r), r == '\uFEFF':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// sheetBidiControl reports whether r is an explicit bidirectional formatting
// character (embeddings, overrides, isolates and their terminators).
func sheetBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// sheetVoiceList joins voices for a line of text.
func sheetVoiceList(vs []Voice) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = v.String()
	}
	return strings.Join(names, ", ")
}

// sheetCount returns "1 source", "2 sources".
func sheetCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sheetSummary is the one-line summary under a sheet's title.
func sheetSummary(fs FactSheet) string {
	quotes := 0
	for _, sp := range fs.Speakers {
		quotes += len(sp.Quotes)
	}
	parts := []string{}
	if r := sheetDateRange(fs.From, fs.To); r != "" {
		parts = append(parts, "Coverage "+r)
	}
	parts = append(parts, sheetCount(len(fs.Sources), "source", "sources"),
		sheetCount(len(fs.Facts), "fact", "facts"), sheetCount(quotes, "shared quote", "shared quotes"),
		sheetCount(len(fs.Annotations), "annotation", "annotations"))
	return strings.Join(parts, " · ")
}
