package reading

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"factdesk/annotate"
)

// annotateKey returns the key that, with Ctrl+Shift (Cmd+Shift on macOS),
// tags the selection as kind.
func annotateKey(kind annotate.Kind) (fyne.KeyName, bool) {
	switch kind {
	case annotate.KindFact:
		return fyne.KeyF, true
	case annotate.KindQuote:
		return fyne.KeyQ, true
	case annotate.KindClaim:
		return fyne.KeyC, true
	case annotate.KindNote:
		return fyne.KeyN, true
	}
	return "", false
}

// annotateModifier is the modifier of the annotation shortcuts.
const annotateModifier = fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift

// AnnotateShortcut returns the shortcut that tags the selection as kind:
// Ctrl+Shift+F, Q, C or N for fact, quote, claim and note (Cmd+Shift on
// macOS). It returns nil for an unknown kind.
func AnnotateShortcut(kind annotate.Kind) *desktop.CustomShortcut {
	key, ok := annotateKey(kind)
	if !ok {
		return nil
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: annotateModifier}
}

// Shortcuts returns the annotation shortcuts in annotate.Kinds order, to show
// in menus or register on a canvas (see AddShortcuts).
func Shortcuts() []fyne.Shortcut {
	out := make([]fyne.Shortcut, 0, len(annotate.Kinds))
	for _, k := range annotate.Kinds {
		out = append(out, AnnotateShortcut(k))
	}
	return out
}

// ShortcutKind reports which kind an annotation shortcut tags.
func ShortcutKind(s fyne.Shortcut) (annotate.Kind, bool) {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != annotateModifier {
		return "", false
	}
	for _, k := range annotate.Kinds {
		if key, _ := annotateKey(k); key == cs.KeyName {
			return k, true
		}
	}
	return "", false
}

// AddShortcuts registers the annotation shortcuts on c, so they reach a pane
// while no widget has keyboard focus. A focused pane handles them itself.
// active returns the pane to act on, or nil for none.
func AddShortcuts(c fyne.Canvas, active func() *Pane) {
	for _, s := range Shortcuts() {
		c.AddShortcut(s, func(s fyne.Shortcut) {
			if p := active(); p != nil {
				p.TypedShortcut(s)
			}
		})
	}
}
