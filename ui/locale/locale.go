// Package locale, imported for its side effect, maps the C and POSIX locales
// that servers and containers often set (LANG=C.UTF-8) to English before
// Fyne reads them. Fyne parses the locale name while its packages initialise
// and logs an error, on every run and every CLI command, for a name it cannot
// parse. Real locales are left alone.
//
// It must be initialised before any Fyne package. Go initialises packages in
// import-path order once their own imports are ready; this package imports
// only os and strings, and "factdesk/..." sorts before "fyne.io/...", so main
// imports it and its init runs first.
package locale

import (
	"os"
	"strings"
)

func init() { Plain() }

// Plain rewrites LC_ALL, LC_MESSAGES and LANG when they name the C or POSIX
// locale, with or without an encoding, to en_US.UTF-8.
func Plain() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); IsPlain(v) {
			os.Setenv(name, "en_US.UTF-8")
		}
	}
}

// IsPlain reports whether v names the C or POSIX locale ("C", "C.UTF-8",
// "POSIX").
func IsPlain(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return base == "C" || base == "POSIX"
}
