package annotate_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"factdesk/annotate"
)

// writeFile creates path under dir with its parent folders.
func writeImportFile(t *testing.T, dir, path, content string) string {
	t.Helper()
	full := filepath.Join(dir, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return full
}

// symlink creates a symbolic link or skips the test where that is not
// possible.
func importSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links unavailable: %v", err)
	}
}

func TestReadDocument(t *testing.T) {
	dir := t.TempDir()
	path := writeImportFile(t, dir, "a.txt", "title: A\n\nBody of a.")
	doc, err := annotate.ReadDocument(path, annotate.Meta{Outlet: "Ledger"})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != path || doc.Title != "A" || doc.Outlet != "Ledger" || doc.Body != "Body of a." {
		t.Errorf("got %+v", doc)
	}
}

func TestReadDocumentErrors(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.txt")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 1 GB file: refused from its size alone, never read.
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	justOver := filepath.Join(dir, "over.md")
	if err := os.WriteFile(justOver, make([]byte, annotate.MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	binary := writeImportFile(t, dir, "bin.html", "<p>x\x00y</p>")
	pdf := writeImportFile(t, dir, "doc.pdf", "%PDF-1.7")

	tests := []struct {
		name    string
		path    string
		want    error
		message string
	}{
		{"directory", folder, annotate.ErrNotRegular, "not a regular file (directory)"},
		{"missing", filepath.Join(dir, "missing.txt"), fs.ErrNotExist, "no such file or directory"},
		{"1 GB", huge, annotate.ErrTooLarge, "file too large (1.0 GB, limit 20.0 MB)"},
		{"one byte over", justOver, annotate.ErrTooLarge, "file too large (20971521 bytes, limit 20971520)"},
		{"binary", binary, annotate.ErrBinary, "NUL byte at offset 4"},
		{"unsupported", pdf, annotate.ErrUnsupported, `unsupported file type ".pdf"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := annotate.ReadDocument(tt.path, annotate.Meta{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ie *annotate.InputError
			if !errors.As(err, &ie) || ie.Path != tt.path {
				t.Errorf("err = %#v, want an *InputError for %q", err, tt.path)
			}
			if !strings.HasPrefix(err.Error(), "import "+tt.path+": ") || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message %q, want it to name the path and say %q", err, tt.message)
			}
			if strings.Count(err.Error(), tt.path) != 1 {
				t.Errorf("message %q names the path more than once", err)
			}
		})
	}
}

func TestReadDocumentUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs Unix permissions and a user that is not root")
	}
	path := writeImportFile(t, t.TempDir(), "secret.txt", "text")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	_, err := annotate.ReadDocument(path, annotate.Meta{})
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("err = %v, want permission denied", err)
	}
}

func TestCollectFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{
		"b.txt", "a.md", "c.HTML", "notes.pdf", "image.png", "README",
		"sub/z.htm", "sub/y.markdown", "sub/deeper/x.txt",
		".git/config.txt", ".hidden.txt", "sub/.cache/old.md",
		"new\nline.txt",
	} {
		writeImportFile(t, dir, p, "text")
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeImportFile(t, dir, "folder.md/inside.txt", "text")

	files, errs := annotate.CollectFiles([]string{dir})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	want := []string{
		"a.md", "b.txt", "c.HTML", "folder.md/inside.txt", "new\nline.txt",
		"sub/deeper/x.txt", "sub/y.markdown", "sub/z.htm",
	}
	for i := range want {
		want[i] = filepath.Join(dir, filepath.FromSlash(want[i]))
	}
	if !slices.Equal(files, want) {
		t.Errorf("files\n got %q\nwant %q", files, want)
	}
	// Every file found can be read back.
	for _, f := range files {
		if _, err := annotate.ReadDocument(f, annotate.Meta{}); err != nil {
			t.Errorf("ReadDocument(%q): %v", f, err)
		}
	}
}

func TestCollectFilesExplicitPaths(t *testing.T) {
	dir := t.TempDir()
	a := writeImportFile(t, dir, "a.txt", "text")
	hidden := writeImportFile(t, dir, ".hidden.md", "text")
	pdf := writeImportFile(t, dir, "doc.pdf", "text")
	sub := filepath.Join(dir, "sub")
	subFile := writeImportFile(t, dir, "sub/b.md", "text")
	missing := filepath.Join(dir, "missing.txt")

	files, errs := annotate.CollectFiles([]string{a, pdf, missing, hidden, sub, a, subFile})
	if want := []string{a, hidden, subFile}; !slices.Equal(files, want) {
		t.Errorf("files\n got %q\nwant %q", files, want)
	}
	if len(errs) != 2 {
		t.Fatalf("errors: %v, want 2", errs)
	}
	checks := []struct {
		path string
		want error
	}{{pdf, annotate.ErrUnsupported}, {missing, fs.ErrNotExist}}
	for i, c := range checks {
		var ie *annotate.InputError
		if !errors.Is(errs[i], c.want) || !errors.As(errs[i], &ie) || ie.Path != c.path {
			t.Errorf("errs[%d] = %v, want %v for %s", i, errs[i], c.want, c.path)
		}
	}
}

func TestCollectFilesSymlinks(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	writeImportFile(t, root, "a/one.txt", "text")
	writeImportFile(t, root, "b/two.md", "text")
	outside := writeImportFile(t, dir, "elsewhere/three.txt", "text")

	importSymlink(t, filepath.Join(root, "a"), filepath.Join(root, "b", "loop-to-a")) // a second way to a: skipped
	importSymlink(t, root, filepath.Join(root, "a", "loop-to-root"))                  // a loop
	importSymlink(t, "..", filepath.Join(root, "b", "up"))                            // a relative loop
	importSymlink(t, outside, filepath.Join(root, "b", "linked.txt"))                 // a link to a file: followed
	importSymlink(t, filepath.Join(dir, "nowhere.txt"), filepath.Join(root, "b", "dangling.txt"))
	importSymlink(t, filepath.Join(dir, "nowhere"), filepath.Join(root, "b", "dangling-dir"))
	importSymlink(t, "self", filepath.Join(root, "b", "self")) // a link to itself

	files, errs := annotate.CollectFiles([]string{root})
	want := []string{
		filepath.Join(root, "a", "one.txt"),
		filepath.Join(root, "b", "linked.txt"),
		filepath.Join(root, "b", "two.md"),
	}
	if !slices.Equal(files, want) {
		t.Errorf("files\n got %q\nwant %q", files, want)
	}
	var loops, dangling int
	for _, err := range errs {
		var ie *annotate.InputError
		if !errors.As(err, &ie) {
			t.Errorf("error %v is not an *InputError", err)
		}
		switch {
		case errors.Is(err, annotate.ErrSymlinkLoop):
			loops++
		case errors.Is(err, fs.ErrNotExist) && strings.HasSuffix(ie.Path, "dangling.txt"):
			dangling++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if loops != 2 || dangling != 1 {
		t.Errorf("got %d loop and %d dangling-link errors, want 2 and 1: %v", loops, dangling, errs)
	}
}

func TestCollectFilesUnreadableFolder(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs Unix permissions and a user that is not root")
	}
	dir := t.TempDir()
	writeImportFile(t, dir, "a/one.txt", "text")
	locked := filepath.Join(dir, "b")
	writeImportFile(t, dir, "b/two.txt", "text")
	writeImportFile(t, dir, "c/three.txt", "text")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })

	files, errs := annotate.CollectFiles([]string{dir})
	if want := []string{filepath.Join(dir, "a", "one.txt"), filepath.Join(dir, "c", "three.txt")}; !slices.Equal(files, want) {
		t.Errorf("files %q, want %q", files, want)
	}
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrPermission) {
		t.Errorf("errs = %v, want one permission error", errs)
	}
}
