package annotate_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"factdesk/annotate"
)

// A write that cannot start names the folder at fault, not the temporary
// file the user never chose, and keeps the cause for errors.Is.
func TestWriteFileAtomicNamesTheFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, folder string
		is                 error
	}{
		{"missing folder", filepath.Join(dir, "missing", "x.md"), filepath.Join(dir, "missing"), fs.ErrNotExist},
		{"file as folder", filepath.Join(file, "x.md"), file, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := annotate.WriteFileAtomic(tc.path, func(w io.Writer) error {
				_, err := io.WriteString(w, "never")
				return err
			})
			if err == nil {
				t.Fatal("no error")
			}
			want := "write " + tc.path + ": folder " + tc.folder + ": "
			if !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), ".tmp") {
				t.Errorf("error %q; want it to start %q and name no temporary file", err, want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}
