package annotate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// charsetScanLen is how far into a page its charset declaration is looked
// for: the HTML standard's prescan reads 1,024 bytes, and saved pages often
// carry a longer head before it.
const charsetScanLen = 16 << 10

// decodeHTML returns a saved web page as UTF-8. A page that is not valid
// UTF-8 and declares another character set in its head (<meta charset> or
// <meta http-equiv="Content-Type">), as older newsroom pages in
// windows-1252 or ISO-8859-1 do, is converted from it. A page that is
// valid UTF-8 is taken as it is, whatever it declares: pages saved as UTF-8
// often keep the declaration of the server they came from, and reading them
// as Latin-1 would garble every accent. Anything else is returned unchanged,
// for checkContent to refuse.
func decodeHTML(data []byte) ([]byte, error) {
	if utf8.Valid(data) {
		return data, nil
	}
	label := declaredCharset(data[:min(len(data), charsetScanLen)])
	if label == "" {
		return data, nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return nil, fmt.Errorf("%w (the page declares charset %q, which Factdesk does not know; save it as UTF-8)", ErrInvalidUTF8, label)
	}
	// A page's own markup cannot be in UTF-16 (the HTML standard reads such
	// a declaration as UTF-8), so neither is taken as the page's charset.
	if name == "utf-8" || name == "utf-16le" || name == "utf-16be" {
		return data, nil // not valid UTF-8 after all: checkContent says where
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("%w (not readable as %s, the charset the page declares: %v)", ErrInvalidUTF8, name, err)
	}
	return out, nil
}

// declaredCharset returns the character set a page's <meta> elements
// declare, or "" when they declare none. It stops at the start of the
// body.
func declaredCharset(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if !hasAttr {
					continue
				}
				if cs := metaCharset(z); cs != "" {
					return cs
				}
			}
		}
	}
}

// metaCharset reads the charset a <meta> tag declares: its charset
// attribute, or the charset parameter of a Content-Type http-equiv.
func metaCharset(z *html.Tokenizer) string {
	var cs, httpEquiv, content string
	for {
		key, val, more := z.TagAttr()
		switch strings.ToLower(string(key)) {
		case "charset":
			cs = strings.TrimSpace(string(val))
		case "http-equiv":
			httpEquiv = strings.ToLower(strings.TrimSpace(string(val)))
		case "content":
			content = string(val)
		}
		if !more {
			break
		}
	}
	if cs != "" {
		return cs
	}
	if httpEquiv == "content-type" {
		return contentTypeCharset(content)
	}
	return ""
}

// contentTypeCharset returns the charset parameter of a Content-Type value
// such as "text/html; charset=windows-1252", or "".
func contentTypeCharset(v string) string {
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.Trim(strings.TrimSpace(val), `"'`)
		}
	}
	return ""
}
