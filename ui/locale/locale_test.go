package locale

import (
	"os"
	"testing"
)

func TestIsPlain(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"C", true}, {"C.UTF-8", true}, {"C.utf8", true}, {"POSIX", true},
		{"", false}, {"en_US.UTF-8", false}, {"de_DE", false}, {"Ca_ES", false},
	}
	for _, tc := range tests {
		if got := IsPlain(tc.in); got != tc.want {
			t.Errorf("IsPlain(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestPlain(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "POSIX")
	t.Setenv("LANG", "C.UTF-8")
	Plain()
	for name, want := range map[string]string{"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"} {
		if got := getenv(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func getenv(name string) string { return os.Getenv(name) }
