package annotate

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReadDocument reads and parses one source file with ParseDocument and sets
// Document.Source to path.
//
// It refuses anything but a regular file (a directory, FIFO, socket or
// device gives ErrNotRegular, checked before opening so a FIFO never
// blocks), refuses files over MaxFileSize before reading them, and reads at
// most MaxFileSize+1 bytes, so a file that grows meanwhile cannot exhaust
// memory. Errors are *InputError values naming path.
func ReadDocument(path string, defaults Meta) (Document, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Document{}, &InputError{Path: path, Err: pathErr(err)}
	}
	if err := checkRegular(info); err != nil {
		return Document{}, &InputError{Path: path, Err: err}
	}
	if !IsSupported(path) {
		return Document{}, unsupportedError(path)
	}
	if info.Size() > MaxFileSize {
		return Document{}, &InputError{Path: path, Err: tooLarge(info.Size())}
	}

	f, err := os.Open(path)
	if err != nil {
		return Document{}, &InputError{Path: path, Err: pathErr(err)}
	}
	defer f.Close()
	// The path may have been replaced between Stat and Open.
	if opened, err := f.Stat(); err != nil {
		return Document{}, &InputError{Path: path, Err: pathErr(err)}
	} else if err := checkRegular(opened); err != nil {
		return Document{}, &InputError{Path: path, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return Document{}, &InputError{Path: path, Err: pathErr(err)}
	}
	doc, err := ParseDocument(path, data, defaults)
	if err != nil {
		return Document{}, err
	}
	doc.Source = path
	return doc, nil
}

// checkRegular returns ErrNotRegular, saying what the file is instead,
// unless info describes a regular file.
func checkRegular(info fs.FileInfo) error {
	mode := info.Mode()
	if mode.IsRegular() {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, typeName(mode))
}

// pathErr strips the *fs.PathError wrapper, whose path the InputError
// around it already names: "import x.txt: permission denied". errors.Is
// still matches fs.ErrPermission and the like on the result.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// CollectFiles expands paths into the source files to import, in a stable
// order: each path in the order given, folders walked recursively with
// entries sorted by name. A file named twice is listed once.
//
// A file given explicitly must have a supported extension; in a folder,
// other files are skipped silently, as are hidden files and folders (names
// starting with "."). Symbolic links are followed, to files and to folders;
// a link back to a folder being walked is reported (ErrSymlinkLoop) and a
// second link to a folder already walked is skipped. Paths that cannot be
// read, and special files with a supported extension, are reported in errs
// as *InputError values, and the walk goes on.
func CollectFiles(paths []string) (files []string, errs []error) {
	c := collector{seen: make(map[string]bool), walked: make(map[string]bool)}
	for _, p := range paths {
		c.top(p)
	}
	return c.files, c.errs
}

// collector holds the state of one CollectFiles call.
type collector struct {
	files  []string
	errs   []error
	seen   map[string]bool // files listed, by path as given
	walked map[string]bool // folders walked, by real path
}

// top handles one path given by the caller.
func (c *collector) top(p string) {
	info, err := os.Stat(p) // follows symbolic links
	if err != nil {
		c.fail(p, err)
		return
	}
	switch {
	case info.IsDir():
		c.dir(p, nil)
	case !IsSupported(p):
		c.errs = append(c.errs, unsupportedError(p))
	case !info.Mode().IsRegular():
		c.fail(p, checkRegular(info))
	default:
		c.add(p)
	}
}

// dir walks the folder p. ancestors holds the real paths of the folders
// being walked above it, to tell a symbolic link loop from a second link to
// the same folder.
func (c *collector) dir(p string, ancestors []string) {
	real, err := realPath(p)
	if err != nil {
		c.fail(p, err)
		return
	}
	if slices.Contains(ancestors, real) {
		c.fail(p, fmt.Errorf("%w (leads back to %s)", ErrSymlinkLoop, displayPath(real)))
		return
	}
	if c.walked[real] {
		return
	}
	c.walked[real] = true
	ancestors = append(ancestors, real)

	// os.ReadDir sorts by name and returns what it could read with an error.
	entries, err := os.ReadDir(p)
	if err != nil {
		c.fail(p, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		child := filepath.Join(p, name)
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			info, err := os.Stat(child)
			if err != nil {
				if IsSupported(name) {
					c.fail(child, err) // a dangling link to what looks like a source file
				}
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			c.dir(child, ancestors)
		case !IsSupported(name):
		case !typ.IsRegular():
			c.fail(child, fmt.Errorf("%w (%s)", ErrNotRegular, typeName(typ)))
		default:
			c.add(child)
		}
	}
}

// add lists a file unless it is listed already.
func (c *collector) add(p string) {
	key := filepath.Clean(p)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.files = append(c.files, p)
}

// fail records an error for path p.
func (c *collector) fail(p string, err error) {
	var ie *InputError
	if errors.As(err, &ie) {
		c.errs = append(c.errs, err)
		return
	}
	c.errs = append(c.errs, &InputError{Path: p, Err: pathErr(err)})
}

// realPath returns the absolute path of p with every symbolic link resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// typeName names a file type that is not a regular file, for an error
// message.
func typeName(typ fs.FileMode) string {
	switch {
	case typ.IsDir():
		return "directory"
	case typ&fs.ModeNamedPipe != 0:
		return "named pipe"
	case typ&fs.ModeSocket != 0:
		return "socket"
	case typ&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
