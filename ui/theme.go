package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// themeMode is the editor's choice in View → Theme.
type themeMode string

// Theme modes.
const (
	themeSystem themeMode = "system"
	themeLight  themeMode = "light"
	themeDark   themeMode = "dark"
)

// themePref is the preference key that remembers the theme mode.
const themePref = "theme"

// variantTheme is the default theme pinned to one variant, whatever the
// system asks for.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

// Color implements fyne.Theme with the pinned variant.
func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

var _ fyne.Theme = variantTheme{}

// themeFor is the theme that implements mode.
func themeFor(mode themeMode) fyne.Theme {
	switch mode {
	case themeLight:
		return variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight}
	case themeDark:
		return variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark}
	default:
		return theme.DefaultTheme()
	}
}

// loadThemeMode reads the saved mode; the default follows the system.
func loadThemeMode(a fyne.App) themeMode {
	switch m := themeMode(a.Preferences().StringWithFallback(themePref, string(themeSystem))); m {
	case themeLight, themeDark:
		return m
	default:
		return themeSystem
	}
}

// applyTheme switches the app to mode and remembers the choice.
func applyTheme(a fyne.App, mode themeMode) {
	a.Settings().SetTheme(themeFor(mode))
	a.Preferences().SetString(themePref, string(mode))
}
