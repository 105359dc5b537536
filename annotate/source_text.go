package annotate

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize is the largest source file the importer reads, in bytes.
const MaxFileSize = 20 << 20

// sourceFormat is a file format the importer reads.
type sourceFormat int

const (
	formatText sourceFormat = iota + 1
	formatMarkdown
	formatHTML
)

// supportedList is the human-readable list used in error messages.
const supportedList = ".txt, .md, .markdown, .html or .htm"

// formatOf returns the format for the extension of name.
func formatOf(name string) (sourceFormat, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt":
		return formatText, true
	case ".md", ".markdown":
		return formatMarkdown, true
	case ".html", ".htm":
		return formatHTML, true
	}
	return 0, false
}

// IsSupported reports whether the importer reads files named like name,
// judged by the extension, in any letter case.
func IsSupported(name string) bool {
	_, ok := formatOf(name)
	return ok
}

// ParseDocument parses the contents of one source file. The extension of
// name picks the format: .txt (plain text with optional header lines), .md or
// .markdown (Markdown with optional front matter), .html or .htm (a saved web
// page, reduced to its article text; one in another character set that it
// declares, such as windows-1252, is converted to UTF-8). name is also used
// in errors and, when nothing else gives a title, to derive one.
//
// Values the file states win; defaults fill only what the file leaves empty.
// The body is normalised with NormalizeBody.
//
// Errors are *InputError values wrapping ErrUnsupported, ErrTooLarge,
// ErrBinary, ErrInvalidUTF8 or ErrEmpty.
func ParseDocument(name string, data []byte, defaults Meta) (Document, error) {
	format, ok := formatOf(name)
	if !ok {
		return Document{}, unsupportedError(name)
	}
	if format == formatHTML && len(data) <= MaxFileSize {
		var err error
		if data, err = decodeHTML(data); err != nil {
			return Document{}, &InputError{Path: name, Err: err}
		}
	}
	if err := checkContent(data); err != nil {
		return Document{}, &InputError{Path: name, Err: err}
	}

	var (
		meta Meta
		body string
	)
	switch format {
	case formatText:
		meta, body = parseText(string(data))
	case formatMarkdown:
		meta, body = parseMarkdown(string(data))
	case formatHTML:
		meta, body = parseHTML(data)
	}

	meta = cleanMeta(meta)
	// Cutting a title or byline from the front can expose a zero-width
	// character there; normalise once more.
	body = NormalizeBody(dropRepeatedMeta(body, meta))
	if body == "" {
		return Document{}, &InputError{Path: name, Err: fmt.Errorf("%w (no readable text)", ErrEmpty)}
	}
	meta = fillMeta(meta, cleanMeta(defaults))
	if meta.Title == "" {
		meta.Title = titleFromName(name)
	}
	return Document{Meta: meta, Body: body}, nil
}

// unsupportedError is the error for a file of a format the importer does not
// read.
func unsupportedError(name string) error {
	ext := filepath.Ext(name)
	if ext == "" {
		return &InputError{Path: name, Err: fmt.Errorf("%w (no extension; want %s)", ErrUnsupported, supportedList)}
	}
	return &InputError{Path: name, Err: fmt.Errorf("%w %q (want %s)", ErrUnsupported, ext, supportedList)}
}

// sniffLen is how much of a file is examined for control bytes.
const sniffLen = 8 << 10

// checkContent rejects data that is too large, empty, binary or not UTF-8.
// The returned error wraps the matching sentinel.
func checkContent(data []byte) error {
	if len(data) > MaxFileSize {
		return tooLarge(int64(len(data)))
	}
	if len(data) == 0 {
		return ErrEmpty
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return fmt.Errorf("%w (UTF-16 text; save it as UTF-8)", ErrBinary)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)
	}
	sample := data[:min(len(data), sniffLen)]
	controls := 0
	for _, c := range sample {
		if isBinaryControl(c) {
			controls++
		}
	}
	if controls*10 > len(sample) {
		return fmt.Errorf("%w (%d control bytes in the first %d)", ErrBinary, controls, len(sample))
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return fmt.Errorf("%w (byte 0x%02X at offset %d; save the file as UTF-8)", ErrInvalidUTF8, data[off], off)
	}
	if isBlank(string(data)) {
		return fmt.Errorf("%w (only white space)", ErrEmpty)
	}
	return nil
}

// isBinaryControl reports whether c is a C0 control byte that does not occur
// in text files (everything below 0x20 except tab, line feed, vertical tab,
// form feed, carriage return and escape).
func isBinaryControl(c byte) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', 0x1B:
		return false
	}
	return c < 0x20 || c == 0x7F
}

// invalidUTF8Offset returns the offset of the first byte of data that does
// not start a valid UTF-8 sequence, or -1.
func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// isBlank reports whether s holds only white space and zero-width characters.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !isZeroWidth(r) && !isJunkControl(r) {
			return false
		}
	}
	return true
}

// tooLarge returns ErrTooLarge with the size of a file of n bytes.
func tooLarge(n int64) error {
	size, limit := byteSize(n), byteSize(MaxFileSize)
	if size == limit {
		size, limit = fmt.Sprintf("%d bytes", n), fmt.Sprintf("%d", MaxFileSize)
	}
	return fmt.Errorf("%w (%s, limit %s)", ErrTooLarge, size, limit)
}

// byteSize formats n bytes for a human: "512 B", "20.0 MB".
func byteSize(n int64) string {
	const unit = 1 << 10
	switch {
	case n < unit:
		return fmt.Sprintf("%d B", n)
	case n < unit*unit:
		return fmt.Sprintf("%.1f KB", float64(n)/unit)
	case n < unit*unit*unit:
		return fmt.Sprintf("%.1f MB", float64(n)/(unit*unit))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(unit*unit*unit))
}

// parseText parses a plain-text source: optional header lines, an optional
// leading " date YYYY-MM-DD" token, then the body. Without a title header, a
// short first line that does not end a sentence becomes the title.
func parseText(s string) (Meta, string) {
	s = normalizeNewlines(s)
	meta, rest := parseHeader(s)
	rest, published := cutDateToken(rest)
	if meta.Published.IsZero() {
		meta.Published = published
	}
	body := NormalizeBody(rest)
	if meta.Title == "" {
		if title, after, ok := cutTitleLine(body); ok {
			meta.Title, body = title, after
		}
	}
	if meta.Byline == "" {
		if byline, after, ok := cutBylineLine(body); ok {
			meta.Byline, body = byline, after
		}
	}
	return meta, body
}

// normalizeNewlines turns CR LF and lone CR into LF and drops a leading
// byte-order mark.
func normalizeNewlines(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// headerKeys maps the header keys the importer understands (lower case) to
// the Meta field they set.
var headerKeys = map[string]string{
	"outlet":      "outlet",
	"source":      "outlet",
	"publication": "outlet",
	"url":         "url",
	"link":        "url",
	"date":        "date",
	"published":   "date",
	"title":       "title",
	"headline":    "title",
	"byline":      "byline",
	"author":      "byline",
	"story":       "story",
}

// splitHeaderLine splits "key: value" into its lower-cased key and trimmed
// value. The key is one word of letters, digits, '-' or '_' starting with a
// letter, at most 32 bytes.
func splitHeaderLine(line string) (key, value string, ok bool) {
	line = strings.TrimSpace(line)
	k, v, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	k = strings.TrimRight(k, " \t")
	if k == "" || len(k) > 32 {
		return "", "", false
	}
	for i, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_'):
		default:
			return "", "", false
		}
	}
	if v != "" && v[0] != ' ' && v[0] != '\t' {
		// "http://..." or "10:30" is not a header line.
		return "", "", false
	}
	return strings.ToLower(k), strings.TrimSpace(v), true
}

// parseHeader reads leading "key: value" lines from s (whose line endings are
// already LF). They count as a header only when the first non-blank line has
// a known key. The header ends at a blank line, which is consumed, or at the
// first line that is not "key: value", which starts the body. Unknown keys
// inside the header are skipped.
func parseHeader(s string) (Meta, string) {
	var meta Meta
	rest := skipBlankLines(s)
	line, _, _ := strings.Cut(rest, "\n")
	if key, _, ok := splitHeaderLine(line); !ok || headerKeys[key] == "" {
		return meta, s
	}
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) == "" {
			return meta, after
		}
		key, value, ok := splitHeaderLine(line)
		if !ok || isDateTokenLine(line) {
			// "date: 2026-02-26 The council met..." is a date token in
			// front of the first sentence, not a header line.
			return meta, rest
		}
		setMetaField(&meta, headerKeys[key], value)
		rest = after
	}
	return meta, rest
}

// skipBlankLines drops leading lines that hold only white space or
// zero-width characters.
func skipBlankLines(s string) string {
	for {
		line, after, found := strings.Cut(s, "\n")
		if !isBlank(line) {
			return s
		}
		if !found {
			return ""
		}
		s = after
	}
}

// setMetaField sets one Meta field from a header value, unless the field is
// already set (the first occurrence of a key wins). Unparseable dates leave
// Published zero.
func setMetaField(m *Meta, field, value string) {
	if value == "" {
		return
	}
	switch field {
	case "outlet":
		if m.Outlet == "" {
			m.Outlet = value
		}
	case "url":
		if m.URL == "" {
			m.URL = value
		}
	case "title":
		if m.Title == "" {
			m.Title = value
		}
	case "byline":
		if m.Byline == "" {
			m.Byline = value
		}
	case "story":
		if m.Story == "" {
			m.Story = value
		}
	case "date":
		if m.Published.IsZero() {
			m.Published, _ = parseDate(value)
		}
	}
}

// dateTokenRe matches the " date 2026-02-26 " token some text exports put in
// front of the first sentence.
var dateTokenRe = regexp.MustCompile(`^[ \t]*(?i:date)[ \t]*:?[ \t]+(` + isoDatePattern + `|` + mdyPattern + `|` + dmyPattern + `)(?:[ \t]+|\n|$)`)

// isDateTokenLine reports whether line starts with a date token followed by
// text on the same line.
func isDateTokenLine(line string) bool {
	m := dateTokenRe.FindStringIndex(line)
	return m != nil && strings.TrimSpace(line[m[1]:]) != ""
}

// cutDateToken removes a leading date token from s and returns the rest and
// the date. A token whose date does not parse is left in place.
func cutDateToken(s string) (string, time.Time) {
	s = skipBlankLines(s)
	m := dateTokenRe.FindStringSubmatchIndex(s)
	if m == nil {
		return s, time.Time{}
	}
	t, ok := parseDate(s[m[2]:m[3]])
	if !ok {
		return s, time.Time{}
	}
	return s[m[1]:], t
}

// maxTitleRunes is the longest first line taken as a title.
const maxTitleRunes = 200

// cutTitleLine returns the first paragraph of a normalised body as a title
// when it is a single short line that does not end like a sentence, and the
// body after it. ok is false when the paragraph is not a title or nothing
// would be left after it.
func cutTitleLine(body string) (title, rest string, ok bool) {
	first, after, found := strings.Cut(body, "\n\n")
	if !found || after == "" || strings.Contains(first, "\n") {
		return "", body, false
	}
	if utf8.RuneCountInString(first) >= maxTitleRunes || !hasLetter(first) {
		return "", body, false
	}
	if bylineRe.MatchString(first) {
		return "", body, false
	}
	end := strings.TrimRight(first, "\"'”’»)]")
	last, _ := utf8.DecodeLastRuneInString(end)
	switch last {
	case '.', ',', ';', ':', '…':
		return "", body, false
	}
	return first, after, true
}

// bylineRe matches a byline paragraph: "By" and one to six capitalised names,
// optionally joined by "and" or commas.
var bylineRe = regexp.MustCompile(`^(?:By|BY|by)[ ]+(\p{Lu}[\p{L}\p{M}.'’-]*(?:(?:,? and |, | & | )\p{Lu}[\p{L}\p{M}.'’-]*){0,5})$`)

// cutBylineLine returns the byline of a normalised body that starts with a
// "By Firstname Lastname" paragraph, and the body after it.
func cutBylineLine(body string) (byline, rest string, ok bool) {
	first, after, found := strings.Cut(body, "\n\n")
	if !found || after == "" {
		return "", body, false
	}
	m := bylineRe.FindStringSubmatch(first)
	if m == nil {
		return "", body, false
	}
	return m[1], after, true
}

// hasLetter reports whether s holds at least one letter.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// maxLeadParagraphs is how many leading paragraphs dropRepeatedMeta looks
// at.
const maxLeadParagraphs = 3

// dropRepeatedMeta removes leading paragraphs of body that only repeat the
// title or the byline ("By Ana Ruiz"), ignoring case and white space, as
// long as text remains after them.
func dropRepeatedMeta(body string, m Meta) string {
	for range maxLeadParagraphs {
		first, after, found := strings.Cut(body, "\n\n")
		if !found || after == "" {
			return body
		}
		p := strings.Join(strings.Fields(first), " ")
		if !(m.Title != "" && strings.EqualFold(p, m.Title)) && !isBylineOf(p, m.Byline) {
			return body
		}
		body = after
	}
	return body
}

// isBylineOf reports whether paragraph p is byline, with or without "By".
func isBylineOf(p, byline string) bool {
	if byline == "" {
		return false
	}
	if rest, ok := cutPrefixFold(p, "by "); ok {
		p = strings.TrimSpace(rest)
	}
	return strings.EqualFold(p, byline)
}

// Limits on metadata values, in runes; longer values are cut.
const (
	maxMetaRunes = 500
	maxURLRunes  = 2048
)

// cleanMeta puts every Meta value on one line with single spaces, drops
// control characters, cuts overlong values and strips a "By " prefix from
// the byline.
func cleanMeta(m Meta) Meta {
	m.Story = cleanValue(m.Story, maxMetaRunes)
	m.Outlet = cleanValue(m.Outlet, maxMetaRunes)
	m.Title = cleanValue(m.Title, maxMetaRunes)
	m.URL = cleanValue(m.URL, maxURLRunes)
	m.Byline = cleanValue(m.Byline, maxMetaRunes)
	for _, prefix := range []string{"By ", "by ", "BY "} {
		if rest, ok := strings.CutPrefix(m.Byline, prefix); ok && rest != "" {
			m.Byline = rest
			break
		}
	}
	return m
}

// cleanValue collapses white space in s to single spaces, trims it, removes
// control and zero-width characters and cuts it to limit runes.
func cleanValue(s string, limit int) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(min(len(s), limit*4))
	space, n := false, 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), isZeroWidth(r) && r != '\u200D':
			continue
		}
		if n >= limit {
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// fillMeta fills the empty fields of m from defaults.
func fillMeta(m, defaults Meta) Meta {
	if m.Story == "" {
		m.Story = defaults.Story
	}
	if m.Outlet == "" {
		m.Outlet = defaults.Outlet
	}
	if m.URL == "" {
		m.URL = defaults.URL
	}
	if m.Title == "" {
		m.Title = defaults.Title
	}
	if m.Byline == "" {
		m.Byline = defaults.Byline
	}
	if m.Published.IsZero() {
		m.Published = defaults.Published
	}
	return m
}

// titleFromName derives a title from a file name: the base name without
// extension, with '-' and '_' read as spaces.
func titleFromName(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return r
	}, base)
	if t := cleanValue(base, maxMetaRunes); t != "" {
		return t
	}
	return cleanValue(filepath.Base(name), maxMetaRunes)
}

// NormalizeBody returns s with normalised white space and nothing else
// changed: every word, the typography (curly quotes, dashes, apostrophes,
// any non-ASCII letter) and the paragraph breaks are kept.
//
//   - Line endings CR LF, CR, NEL and U+2028 become LF; U+2029 a blank line.
//   - Runs of spaces, tabs, vertical tabs, form feeds and no-break spaces
//     become one space; lines lose leading and trailing spaces.
//   - Single line breaks are kept; three or more become one blank line.
//   - Control characters and byte-order marks are removed, as are
//     zero-width characters at the very start; invalid UTF-8 becomes U+FFFD.
//   - The whole text is trimmed.
//
// NormalizeBody is idempotent: NormalizeBody(NormalizeBody(s)) ==
// NormalizeBody(s).
func NormalizeBody(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var (
		newlines  int  // line breaks waiting to be written
		space     bool // a space waiting to be written
		lineStart = true
	)
	// flush writes the break or space waiting before a visible character.
	flush := func() {
		if newlines > 0 && b.Len() > 0 {
			b.WriteString("\n\n"[:min(newlines, 2)])
			lineStart = true
		}
		if space && !lineStart {
			b.WriteByte(' ')
		}
		newlines, space, lineStart = 0, false, false
	}
	for i := 0; i < len(s); {
		// Fast path: a run of visible ASCII is copied as it is.
		if c := s[i]; c > ' ' && c < utf8.RuneSelf && c != 0x7F {
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf && s[j] != 0x7F {
				j++
			}
			flush()
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			newlines++
			space = false
			continue
		case '\n', '\u0085', '\u2028':
			newlines++
			space = false
			continue
		case '\u2029':
			newlines += 2
			space = false
			continue
		case ' ', '\t', '\v', '\f', '\u00A0':
			space = true
			continue
		case '\uFEFF':
			continue
		}
		if isJunkControl(r) {
			continue
		}
		if b.Len() == 0 && isZeroWidth(r) {
			continue
		}
		flush()
		b.WriteRune(r)
	}
	return b.String()
}

// isJunkControl reports whether r is a control character NormalizeBody
// removes: C0 and C1 controls other than white space, and DEL.
func isJunkControl(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', '\u0085':
		return false
	}
	return r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// isZeroWidth reports whether r is an invisible zero-width character that is
// junk at the start of a text.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}
