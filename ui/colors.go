package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// kindRGB is each kind's hue: fact green, quote blue, claim orange, note
// purple. Light themes get the first, dark themes the second (lighter, so
// that it still reads against a dark page).
var kindRGB = map[annotate.Kind][2]color.NRGBA{
	annotate.KindFact:  {{0x2e, 0xa0, 0x4f, 0xff}, {0x5c, 0xc9, 0x7b, 0xff}},
	annotate.KindQuote: {{0x2f, 0x74, 0xe8, 0xff}, {0x6a, 0xa6, 0xff, 0xff}},
	annotate.KindClaim: {{0xf0, 0x8c, 0x00, 0xff}, {0xff, 0xad, 0x42, 0xff}},
	annotate.KindNote:  {{0x8e, 0x44, 0xd9, 0xff}, {0xbb, 0x8a, 0xf7, 0xff}},
}

// kindSolid is kind's opaque colour, for swatches and icons.
func kindSolid(k annotate.Kind, dark bool) color.NRGBA {
	c, ok := kindRGB[k]
	if !ok {
		return color.NRGBA{0x80, 0x80, 0x80, 0xff}
	}
	if dark {
		return c[1]
	}
	return c[0]
}

// detectedQuoteColor underlines quotes the quote engine found that nobody has
// tagged yet: faint, so it does not compete with the editor's own marks.
func detectedQuoteColor(dark bool) color.NRGBA {
	if dark {
		return color.NRGBA{0x9a, 0xb4, 0xd8, 0x99}
	}
	return color.NRGBA{0x4a, 0x68, 0x94, 0x80}
}

// isDark reports whether th draws light text on a dark page.
func isDark(th fyne.Theme, v fyne.ThemeVariant) bool {
	r, g, b, _ := th.Color(theme.ColorNameBackground, v).RGBA()
	// Rec. 709 luma on 16-bit channels.
	return 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) < 0.5*0xffff
}

// appIsDark reports whether the app's current theme is dark.
func appIsDark(a fyne.App) bool {
	s := a.Settings()
	return isDark(s.Theme(), s.ThemeVariant())
}

// kindIcon is a rounded square in kind's colour, for buttons and menus.
func kindIcon(k annotate.Kind) fyne.Resource {
	c := kindSolid(k, false)
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">`+
		`<rect x="1.5" y="1.5" width="13" height="13" rx="3" fill="#%02x%02x%02x"/></svg>`, c.R, c.G, c.B)
	return fyne.NewStaticResource("kind-"+string(k)+".svg", []byte(svg))
}

// kindTitle is a kind's name for headings: "Fact", "Quote".
func kindTitle(k annotate.Kind) string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// quietText is a line of secondary text: caption size, in the placeholder
// colour (readable, unlike a low-importance label, which uses the disabled
// colour). With truncate it is cut with an ellipsis when it does not fit
// (and then asks for no width of its own).
type quietText struct {
	*widget.RichText
	seg *widget.TextSegment
}

func newQuietText(truncate bool) *quietText {
	seg := &widget.TextSegment{Style: widget.RichTextStyle{
		Inline:    true,
		ColorName: theme.ColorNamePlaceHolder,
		SizeName:  theme.SizeNameCaptionText,
	}}
	rt := widget.NewRichText(seg)
	if truncate {
		rt.Truncation = fyne.TextTruncateEllipsis
	}
	return &quietText{RichText: rt, seg: seg}
}

// SetText replaces the text.
func (q *quietText) SetText(s string) {
	if q.seg.Text == s {
		return
	}
	q.seg.Text = s
	q.Refresh()
}

// Text is the text shown.
func (q *quietText) Text() string { return q.seg.Text }

// setQuiet sets the text of a RichText made by newQuietText, as found in a
// list or tree row template.
func setQuiet(rt *widget.RichText, s string) {
	if len(rt.Segments) == 1 {
		if seg, ok := rt.Segments[0].(*widget.TextSegment); ok {
			if seg.Text != s {
				seg.Text = s
				rt.Refresh()
			}
			return
		}
	}
	rt.ParseMarkdown(s)
}

// newHint is a wrapped, centred line of guidance for an empty area, in the
// placeholder colour.
func newHint(text string) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter,
		ColorName: theme.ColorNamePlaceHolder,
		SizeName:  theme.SizeNameText,
	}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}
