package annotate

import (
	"errors"
	"strconv"
	"unicode"
)

// Sentinel errors of the importer. They are always returned wrapped in an
// *InputError that names the file, with details after the sentinel's text, so
// callers test them with errors.Is:
//
//	if errors.Is(err, annotate.ErrBinary) { ... }
var (
	// ErrUnsupported reports a file whose extension is not one of
	// SupportedExtensions.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrEmpty reports a file with no text: empty, only white space, or
	// markup without any readable text.
	ErrEmpty = errors.New("empty file")
	// ErrBinary reports a file that is not text: it holds NUL bytes or mostly
	// control bytes, or is text in an encoding other than UTF-8 that cannot
	// be read as such (UTF-16).
	ErrBinary = errors.New("binary file")
	// ErrInvalidUTF8 reports a text file that is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLarge reports a file larger than MaxFileSize.
	ErrTooLarge = errors.New("file too large")
	// ErrNotRegular reports a path that is not a regular file: a directory
	// where a file was expected, a FIFO, a socket or a device.
	ErrNotRegular = errors.New("not a regular file")
	// ErrSymlinkLoop reports a symbolic link that leads back to a folder that
	// is being walked.
	ErrSymlinkLoop = errors.New("symbolic link loop")
)

// InputError is the error the importer returns for one file or path. Err
// wraps one of the sentinel errors above or an error from the file system.
type InputError struct {
	Path string
	Err  error
}

// Error reads like "import notes/x.txt: binary file (NUL byte at offset 12)".
// A path holding control characters (a newline in a file name) is quoted so
// the message stays on one line.
func (e *InputError) Error() string {
	return "import " + displayPath(e.Path) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *InputError) Unwrap() error { return e.Err }

// displayPath returns p as is when every rune is printable, otherwise quoted.
func displayPath(p string) string {
	for _, r := range p {
		if !unicode.IsPrint(r) && r != ' ' {
			return strconv.Quote(p)
		}
	}
	return p
}
