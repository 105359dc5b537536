package annotate

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Factdesk's annotations in the W3C Web Annotation data model
// (https://www.w3.org/TR/annotation-model/), so other annotation tools can
// read them and Factdesk can read them back.
//
// A story is one AnnotationCollection with its annotations embedded in the
// first AnnotationPage. Each annotation:
//
//   - motivation follows the kind: fact "assessing", claim "questioning",
//     quote "identifying", note "commenting";
//   - body holds TextualBody items: the note (purpose "commenting"), one per
//     tag ("tagging"), the kind ("classifying", value fact, quote, claim or
//     note), the status unless unverified ("assessing", value confirmed,
//     disputed or false) and the speaker ("identifying");
//   - target.source is the article's URL, or urn:factdesk:article:<id> when
//     it has none, and target.selector a TextQuoteSelector (exact, prefix,
//     suffix) and a TextPositionSelector (start, end in code points, as the
//     model requires);
//   - target also carries two extension properties, "factdesk:outlet" and
//     "factdesk:title", so an article without a URL can be found again in
//     another store. JSON-LD reads them as absolute IRIs in a "factdesk:"
//     scheme; consumers that do not know them ignore them.

// W3CContext is the JSON-LD context of the Web Annotation data model.
const W3CContext = "http://www.w3.org/ns/anno.jsonld"

// W3CArticleURN prefixes the URN that stands for an article without a URL.
const W3CArticleURN = "urn:factdesk:article:"

// w3cMotivations maps kinds to W3C w3cMotivations and back.
var w3cMotivations = [...]struct {
	kind       Kind
	motivation string
}{
	{KindFact, "assessing"},
	{KindClaim, "questioning"},
	{KindQuote, "identifying"},
	{KindNote, "commenting"},
}

func w3cMotivationOf(k Kind) string {
	for _, m := range w3cMotivations {
		if m.kind == k {
			return m.motivation
		}
	}
	return "commenting"
}

// w3cKindOf is the kind an annotation from another tool gets when it
// does not say: ours by motivation, a note for anything else (highlights,
// comments, bookmarks...).
func w3cKindOf(ms []string) Kind {
	for _, m := range ms {
		for _, x := range w3cMotivations {
			if x.motivation == m {
				return x.kind
			}
		}
	}
	return KindNote
}

type w3cCollection struct {
	Context string  `json:"@context"`
	ID      string  `json:"id"`
	Type    string  `json:"type"`
	Label   string  `json:"label"`
	Total   int     `json:"total"`
	First   w3cPage `json:"first"`
}

type w3cPage struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	StartIndex int             `json:"startIndex"`
	Items      []w3cAnnotation `json:"items"`
}

type w3cAnnotation struct {
	ID         string      `json:"id"`
	Type       string      `json:"type"`
	Motivation string      `json:"motivation"`
	Created    string      `json:"created,omitempty"`
	Modified   string      `json:"modified,omitempty"`
	Body       []w3cBody   `json:"body,omitempty"`
	Target     w3cTargetJS `json:"target"`
}

type w3cBody struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Purpose string `json:"purpose"`
	Format  string `json:"format,omitempty"`
}

type w3cTargetJS struct {
	Source   string        `json:"source"`
	Selector []w3cSelector `json:"selector"`
	Outlet   string        `json:"factdesk:outlet,omitempty"`
	Title    string        `json:"factdesk:title,omitempty"`
}

// w3cSelector is either selector; the fields of the other stay empty.
type w3cSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// WriteW3C writes every annotation of fs as a W3C AnnotationCollection in
// JSON-LD (see the mapping above). The JSON escapes <, > and &, so it can
// be embedded in a web page safely.
func WriteW3C(w io.Writer, fs FactSheet) error {
	col := w3cCollection{
		Context: W3CContext,
		ID:      fmt.Sprintf("urn:factdesk:story:%d:annotations", fs.Story.ID),
		Type:    "AnnotationCollection",
		Label:   fs.Story.Name,
		Total:   len(fs.Annotations),
		First: w3cPage{
			ID:    fmt.Sprintf("urn:factdesk:story:%d:annotations:page:0", fs.Story.ID),
			Type:  "AnnotationPage",
			Items: make([]w3cAnnotation, 0, len(fs.Annotations)),
		},
	}
	for _, a := range fs.Annotations {
		col.First.Items = append(col.First.Items, toW3C(a))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(col)
}

func toW3C(a SheetAnnotation) w3cAnnotation {
	out := w3cAnnotation{
		ID:         fmt.Sprintf("urn:factdesk:annotation:%d", a.ID),
		Type:       "Annotation",
		Motivation: w3cMotivationOf(a.Kind),
		Created:    w3cTime(a.CreatedAt),
		Modified:   w3cTime(a.UpdatedAt),
	}
	if a.Note != "" {
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Value: a.Note, Purpose: "commenting", Format: "text/plain"})
	}
	for _, t := range a.Tags {
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Value: t, Purpose: "tagging"})
	}
	out.Body = append(out.Body, w3cBody{Type: "TextualBody", Value: string(a.Kind), Purpose: "classifying"})
	if a.Status != StatusUnverified && a.Status != "" {
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Value: string(a.Status), Purpose: "assessing"})
	}
	if a.Speaker != "" {
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Value: a.Speaker, Purpose: "identifying"})
	}
	src := a.ArticleURL
	if src == "" {
		src = W3CArticleURN + strconv.FormatInt(a.ArticleID, 10)
	}
	start, end := a.Start, a.End
	out.Target = w3cTargetJS{
		Source: src,
		Selector: []w3cSelector{
			{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
			{Type: "TextPositionSelector", Start: &start, End: &end},
		},
		Outlet: a.Outlet,
		Title:  a.ArticleTitle,
	}
	return out
}

func w3cTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// W3CAnnotation is an annotation read from W3C Web Annotation JSON-LD, before
// it is placed in an article.
type W3CAnnotation struct {
	ID     string // the annotation's IRI, if any
	Target W3CTarget
	Kind   Kind
	Status Status
	// Speaker, Tags and Note come from the identifying, tagging and
	// commenting bodies; a classifying body that names no kind becomes a
	// tag, and an assessing one that names no status joins the note.
	Speaker  string
	Tags     []string
	Note     string
	Created  time.Time // zero when absent
	Modified time.Time
}

// W3CTarget says where a W3C annotation points.
type W3CTarget struct {
	// Source is the target's source IRI: an article URL, or a Factdesk
	// article URN.
	Source string
	// ArticleID is the id in a urn:factdesk:article: source, else 0.
	ArticleID int64
	// Outlet and Title come from Factdesk's extension properties, if any.
	Outlet, Title string
	// Quote is the TextQuoteSelector, nil when absent.
	Quote *W3CQuote
	// Position is the TextPositionSelector, nil when absent.
	Position *Span
}

// W3CQuote is a TextQuoteSelector.
type W3CQuote struct {
	Exact, Prefix, Suffix string
}

// Limits on W3C input.
const (
	// MaxW3CBytes is the largest W3C document ParseW3C accepts.
	MaxW3CBytes = 20 << 20
	// maxW3CDepth bounds the nesting of arrays and objects; the model
	// needs about eight levels.
	maxW3CDepth = 64
)

// ParseW3C reads W3C Web Annotations: one Annotation, an array of them, an
// AnnotationPage, or an AnnotationCollection whose first page is embedded.
// It is strict about what it needs (a type of Annotation, one target with a
// source and a TextQuoteSelector or TextPositionSelector, well-formed
// selectors) and ignores what it does not use; every error names the
// annotation at fault. It refuses input over MaxW3CBytes and input nested
// deeper than any annotation needs before decoding it.
func ParseW3C(data []byte) ([]W3CAnnotation, error) {
	if len(data) > MaxW3CBytes {
		return nil, fmt.Errorf("w3c annotations: %d bytes is more than the %d MB limit", len(data), MaxW3CBytes>>20)
	}
	if err := w3cCheckDepth(data, maxW3CDepth); err != nil {
		return nil, fmt.Errorf("w3c annotations: %w", err)
	}
	var top json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("w3c annotations: not JSON: %w", err)
	}
	items, err := w3cItems(top)
	if err != nil {
		return nil, fmt.Errorf("w3c annotations: %w", err)
	}
	out := make([]W3CAnnotation, 0, len(items))
	for i, raw := range items {
		a, err := parseW3CAnnotation(raw)
		if err != nil {
			if a.ID != "" {
				return nil, fmt.Errorf("w3c annotation %d (%s): %w", i+1, a.ID, err)
			}
			return nil, fmt.Errorf("w3c annotation %d: %w", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// w3cCheckDepth rejects JSON nested deeper than max, in one pass over the
// bytes that skips strings.
func w3cCheckDepth(data []byte, max int) error {
	depth, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > max {
				return fmt.Errorf("nested more than %d levels deep", max)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// w3cItems finds the annotations in a document.
func w3cItems(top json.RawMessage) ([]json.RawMessage, error) {
	t := strings.TrimSpace(string(top))
	if strings.HasPrefix(t, "[") {
		var items []json.RawMessage
		if err := json.Unmarshal(top, &items); err != nil {
			return nil, err
		}
		return items, nil
	}
	if !strings.HasPrefix(t, "{") {
		return nil, fmt.Errorf("want an object or an array, not %.20s", t)
	}
	var head struct {
		Type  json.RawMessage   `json:"type"`
		First json.RawMessage   `json:"first"`
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(top, &head); err != nil {
		return nil, err
	}
	types, err := w3cStrings(head.Type)
	if err != nil {
		return nil, fmt.Errorf("type: %w", err)
	}
	switch {
	case w3cHas(types, "Annotation"):
		return []json.RawMessage{top}, nil
	case w3cHas(types, "AnnotationPage"):
		return head.Items, nil
	case w3cHas(types, "AnnotationCollection"):
		if len(head.First) == 0 {
			return nil, nil // an empty collection
		}
		if strings.HasPrefix(strings.TrimSpace(string(head.First)), `"`) {
			return nil, fmt.Errorf("the collection's first page is only referenced (%s); export it with its pages embedded", head.First)
		}
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(head.First, &page); err != nil {
			return nil, fmt.Errorf("first page: %w", err)
		}
		return page.Items, nil
	}
	return nil, fmt.Errorf("type %q is not Annotation, AnnotationPage or AnnotationCollection", strings.Join(types, ","))
}

// w3cStrings decodes a JSON-LD value that may be a string or a list of
// strings; null or absent gives nil.
func w3cStrings(raw json.RawMessage) ([]string, error) {
	t := strings.TrimSpace(string(raw))
	if t == "" || t == "null" {
		return nil, nil
	}
	if strings.HasPrefix(t, "[") {
		var out []string
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("want strings: %w", err)
		}
		return out, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("want a string: %w", err)
	}
	return []string{s}, nil
}

// w3cObjects decodes a JSON-LD value that may be one item or a list.
func w3cObjects(raw json.RawMessage) ([]json.RawMessage, error) {
	t := strings.TrimSpace(string(raw))
	if t == "" || t == "null" {
		return nil, nil
	}
	if strings.HasPrefix(t, "[") {
		var out []json.RawMessage
		err := json.Unmarshal(raw, &out)
		return out, err
	}
	return []json.RawMessage{raw}, nil
}

func w3cHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func parseW3CAnnotation(raw json.RawMessage) (W3CAnnotation, error) {
	var in struct {
		ID         string          `json:"id"`
		Type       json.RawMessage `json:"type"`
		Motivation json.RawMessage `json:"motivation"`
		Created    string          `json:"created"`
		Modified   string          `json:"modified"`
		Body       json.RawMessage `json:"body"`
		BodyValue  *string         `json:"bodyValue"`
		Target     json.RawMessage `json:"target"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return W3CAnnotation{}, fmt.Errorf("not an annotation object: %w", err)
	}
	a := W3CAnnotation{ID: in.ID}
	types, err := w3cStrings(in.Type)
	if err != nil {
		return a, fmt.Errorf("type: %w", err)
	}
	if !w3cHas(types, "Annotation") {
		return a, fmt.Errorf("type is %q, not Annotation", strings.Join(types, ","))
	}
	w3cMotivations, err := w3cStrings(in.Motivation)
	if err != nil {
		return a, fmt.Errorf("motivation: %w", err)
	}
	if a.Created, err = parseW3CTime(in.Created); err != nil {
		return a, fmt.Errorf("created: %w", err)
	}
	if a.Modified, err = parseW3CTime(in.Modified); err != nil {
		return a, fmt.Errorf("modified: %w", err)
	}
	if err := a.readBodies(in.Body, in.BodyValue); err != nil {
		return a, err
	}
	if a.Kind == "" {
		a.Kind = w3cKindOf(w3cMotivations)
	}
	if a.Status == "" {
		a.Status = StatusUnverified
	}
	if a.Target, err = parseW3CTarget(in.Target); err != nil {
		return a, fmt.Errorf("target: %w", err)
	}
	return a, nil
}

// readBodies fills the kind, status, speaker, tags and note from the bodies.
func (a *W3CAnnotation) readBodies(raw json.RawMessage, bodyValue *string) error {
	var notes []string
	if bodyValue != nil && *bodyValue != "" {
		notes = append(notes, *bodyValue)
	}
	bodies, err := w3cObjects(raw)
	if err != nil {
		return fmt.Errorf("body: %w", err)
	}
	for i, b := range bodies {
		if strings.HasPrefix(strings.TrimSpace(string(b)), `"`) {
			continue // a body by reference: nothing Factdesk can show
		}
		var body struct {
			Type    json.RawMessage `json:"type"`
			Value   *string         `json:"value"`
			Purpose json.RawMessage `json:"purpose"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			return fmt.Errorf("body %d: %w", i+1, err)
		}
		types, err := w3cStrings(body.Type)
		if err != nil {
			return fmt.Errorf("body %d: type: %w", i+1, err)
		}
		if body.Value == nil {
			if w3cHas(types, "TextualBody") {
				return fmt.Errorf("body %d: TextualBody without a value", i+1)
			}
			continue // another kind of resource
		}
		purposes, err := w3cStrings(body.Purpose)
		if err != nil {
			return fmt.Errorf("body %d: purpose: %w", i+1, err)
		}
		v := *body.Value
		switch {
		case w3cHas(purposes, "tagging"):
			if t := strings.TrimSpace(v); t != "" {
				a.Tags = append(a.Tags, t)
			}
		case w3cHas(purposes, "classifying"):
			if k, err := ParseKind(strings.TrimSpace(v)); err == nil && a.Kind == "" {
				a.Kind = k
			} else if t := strings.TrimSpace(v); t != "" {
				a.Tags = append(a.Tags, t)
			}
		case w3cHas(purposes, "assessing"):
			if s, err := ParseStatus(strings.TrimSpace(v)); err == nil && a.Status == "" && strings.TrimSpace(v) != "" {
				a.Status = s
			} else if v != "" {
				notes = append(notes, v)
			}
		case w3cHas(purposes, "identifying"):
			if a.Speaker == "" {
				a.Speaker = strings.TrimSpace(v)
			} else if v != "" {
				notes = append(notes, v)
			}
		default:
			if v != "" {
				notes = append(notes, v)
			}
		}
	}
	a.Note = strings.Join(notes, "\n\n")
	return nil
}

func parseW3CTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("not an RFC 3339 time: %q", s)
	}
	return t.UTC(), nil
}

// maxW3COffset bounds selector offsets: no article is this long.
const maxW3COffset = 1 << 30

func parseW3CTarget(raw json.RawMessage) (W3CTarget, error) {
	targets, err := w3cObjects(raw)
	if err != nil {
		return W3CTarget{}, err
	}
	switch len(targets) {
	case 0:
		return W3CTarget{}, fmt.Errorf("missing")
	case 1:
	default:
		return W3CTarget{}, fmt.Errorf("%d targets; Factdesk annotations have one", len(targets))
	}
	if strings.HasPrefix(strings.TrimSpace(string(targets[0])), `"`) {
		return W3CTarget{}, fmt.Errorf("a bare IRI names no passage; a TextQuoteSelector or TextPositionSelector is needed")
	}
	var in struct {
		Source   json.RawMessage `json:"source"`
		Selector json.RawMessage `json:"selector"`
		Outlet   string          `json:"factdesk:outlet"`
		Title    string          `json:"factdesk:title"`
	}
	if err := json.Unmarshal(targets[0], &in); err != nil {
		return W3CTarget{}, err
	}
	t := W3CTarget{Outlet: strings.TrimSpace(in.Outlet), Title: strings.TrimSpace(in.Title)}
	src := strings.TrimSpace(string(in.Source))
	switch {
	case src == "" || src == "null":
		return t, fmt.Errorf("no source")
	case strings.HasPrefix(src, "{"):
		var obj struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(in.Source, &obj); err != nil {
			return t, fmt.Errorf("source: %w", err)
		}
		t.Source = obj.ID
	default:
		if err := json.Unmarshal(in.Source, &t.Source); err != nil {
			return t, fmt.Errorf("source: want an IRI: %w", err)
		}
	}
	t.Source = strings.TrimSpace(t.Source)
	if t.Source == "" {
		return t, fmt.Errorf("empty source")
	}
	if rest, ok := strings.CutPrefix(t.Source, W3CArticleURN); ok {
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id <= 0 {
			return t, fmt.Errorf("source %q: bad article id", t.Source)
		}
		t.ArticleID = id
	}
	selectors, err := w3cObjects(in.Selector)
	if err != nil {
		return t, fmt.Errorf("selector: %w", err)
	}
	for i, raw := range selectors {
		var sel struct {
			Type   string  `json:"type"`
			Exact  *string `json:"exact"`
			Prefix string  `json:"prefix"`
			Suffix string  `json:"suffix"`
			Start  *int64  `json:"start"`
			End    *int64  `json:"end"`
		}
		if err := json.Unmarshal(raw, &sel); err != nil {
			return t, fmt.Errorf("selector %d: %w", i+1, err)
		}
		switch sel.Type {
		case "TextQuoteSelector":
			if t.Quote != nil {
				return t, fmt.Errorf("selector %d: a second TextQuoteSelector", i+1)
			}
			if sel.Exact == nil || *sel.Exact == "" {
				return t, fmt.Errorf("selector %d: TextQuoteSelector without exact text", i+1)
			}
			t.Quote = &W3CQuote{Exact: *sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix}
		case "TextPositionSelector":
			if t.Position != nil {
				return t, fmt.Errorf("selector %d: a second TextPositionSelector", i+1)
			}
			if sel.Start == nil || sel.End == nil {
				return t, fmt.Errorf("selector %d: TextPositionSelector needs start and end", i+1)
			}
			s, e := *sel.Start, *sel.End
			if s < 0 || e <= s || e > maxW3COffset {
				return t, fmt.Errorf("selector %d: bad TextPositionSelector %d-%d", i+1, s, e)
			}
			t.Position = &Span{Start: int(s), End: int(e)}
		}
	}
	if t.Quote == nil && t.Position == nil {
		return t, fmt.Errorf("no TextQuoteSelector or TextPositionSelector")
	}
	return t, nil
}
