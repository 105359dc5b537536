package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// previewLimit is how many bytes of a fact sheet the preview shows; the
// saved file always holds all of it.
const previewLimit = 256 << 10

// Preference keys of the export dialog.
const (
	prefExportFolder       = "export.folder"
	prefExportFormat       = "export.format"
	prefExportOrganization = "export.organization"
)

// exportOutput is a fact sheet rendered in one format: the file's bytes and
// what the preview shows of it.
type exportOutput struct {
	format  annotate.ExportFormat
	data    []byte
	preview string // text for the preview, cut at previewLimit
	caption string // what the preview is, and the file's size
	pages   int    // pages of a PDF; 0 for other formats
}

// pdfPageRE matches a page object of a PDF ("/Type /Page", not "/Pages").
var pdfPageRE = regexp.MustCompile(`/Type\s*/Page\b`)

// renderExport builds the fact sheet of in, as of now, and renders it in
// format f with its preview: the file itself for text formats, the HTML
// source for HTML (Fyne cannot lay out HTML), and for a PDF its page count
// over the same content as Markdown.
func renderExport(in annotate.FactSheetInput, f annotate.ExportFormat, generator, organization string, now time.Time) (exportOutput, error) {
	in.Generator, in.Organization, in.GeneratedAt = generator, organization, now.UTC()
	sheet := annotate.BuildFactSheet(in)
	var buf bytes.Buffer
	if err := annotate.Render(&buf, sheet, f); err != nil {
		return exportOutput{}, err
	}
	out := exportOutput{format: f, data: buf.Bytes()}
	size := formatBytes(len(out.data))
	text := buf.String()
	switch f {
	case annotate.ExportPDF:
		var md bytes.Buffer
		if err := annotate.Render(&md, sheet, annotate.ExportMarkdown); err != nil {
			return exportOutput{}, err
		}
		text = md.String()
		out.pages = len(pdfPageRE.FindAllIndex(out.data, -1))
		out.caption = fmt.Sprintf("PDF, A4, %s, %s. The preview shows its content as Markdown text; the PDF adds the layout and the diff colours.",
			countNoun(out.pages, "page"), size)
	case annotate.ExportHTML:
		out.caption = fmt.Sprintf("HTML page, %s. Fyne has no HTML renderer, so this is the page's source; open the saved file in a browser to see it laid out.", size)
	default:
		out.caption = fmt.Sprintf("%s, %s.", f.Label(), size)
	}
	out.preview = cutPreview(text, previewLimit)
	return out, nil
}

// cutPreview shortens text to at most limit bytes, at a line end, and says
// how much was left out.
func cutPreview(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	cut := text[:limit]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i+1]
	}
	shown, total := strings.Count(cut, "\n"), strings.Count(text, "\n")
	return cut + fmt.Sprintf("\n… The preview stops here, after %d of %d lines; the saved file holds everything.\n", shown, total)
}

// formatBytes writes a file size: "812 bytes", "14.2 KB", "1.3 MB".
func formatBytes(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}

// exportFileName is the file name a story's fact sheet is saved under: the
// story's name in lower case with dashes, and the format's extension.
func exportFileName(story string, f annotate.ExportFormat) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(story) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if name == "" {
		name = "fact-sheet"
	}
	return name + f.Extension()
}

// writeFileAtomic writes data to path whole or not at all (see
// annotate.WriteFileAtomic).
func writeFileAtomic(path string, data []byte) error {
	return annotate.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// exportDialog is File → Export fact sheet…: a format, a preview rebuilt
// off the UI goroutine whenever the format or the story's records change,
// and Save….
type exportDialog struct {
	w       *window
	storyID int64
	story   string
	format  annotate.ExportFormat

	seq     int          // bumps per build; stale builds are dropped
	out     exportOutput // the last build
	ready   bool         // out matches the format and the records
	closed  bool         // the dialog was closed
	unwatch func()       // stops following the facts panel's loads
	orgStop func() bool  // a rebuild waiting for typing to pause

	formats *widget.Select
	org     *widget.Entry
	orgRow  *fyne.Container
	caption *widget.Label
	preview *sheetPreview
	busy    *widget.ProgressBarInfinite
	save    *widget.Button
	dlg     *dialog.CustomDialog
}

// exportFactSheet is File → Export fact sheet… (Ctrl+E) for the current
// story.
func (w *window) exportFactSheet() {
	if w.storyID == 0 {
		w.note("Open a story to export its fact sheet.")
		return
	}
	if w.export != nil {
		return
	}
	w.flush()
	s, _ := w.nav.story(w.storyID)
	w.export = newExportDialog(w, w.storyID, s.Name)
	w.export.dlg.Show()
	w.export.open()
}

func newExportDialog(w *window, storyID int64, story string) *exportDialog {
	d := &exportDialog{w: w, storyID: storyID, story: story, format: annotate.ExportMarkdown}
	prefs := w.app.Preferences()
	if f, err := annotate.ParseExportFormat(prefs.String(prefExportFormat)); err == nil {
		d.format = f
	}
	labels := make([]string, len(annotate.ExportFormats))
	for i, f := range annotate.ExportFormats {
		labels[i] = f.Label()
	}
	d.formats = widget.NewSelect(labels, func(string) {
		i := d.formats.SelectedIndex()
		if i < 0 || annotate.ExportFormats[i] == d.format {
			return
		}
		d.format = annotate.ExportFormats[i]
		prefs.SetString(prefExportFormat, string(d.format))
		d.showOrg()
		d.rebuild()
	})
	d.formats.SetSelectedIndex(slices.Index(annotate.ExportFormats, d.format))

	d.org = widget.NewEntry()
	d.org.SetPlaceHolder("Your newsroom")
	d.org.SetText(prefs.String(prefExportOrganization))
	d.org.OnChanged = func(s string) {
		prefs.SetString(prefExportOrganization, strings.TrimSpace(s))
		if d.orgStop != nil {
			d.orgStop()
		}
		d.orgStop = w.wk.after(saveDelay, func() {
			d.orgStop = nil
			d.rebuild()
		})
	}
	d.orgRow = container.NewBorder(nil, nil, widget.NewLabel("Reviewed by"), nil, d.org)

	d.caption = widget.NewLabel("Reading the story…")
	d.caption.Wrapping = fyne.TextWrapWord
	d.preview = newSheetPreview()
	d.busy = widget.NewProgressBarInfinite()
	d.busy.Hide()

	d.save = widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), d.chooseFile)
	d.save.Importance = widget.HighImportance
	d.save.Disable()
	closeBtn := widget.NewButton("Close", func() { d.dlg.Hide() })

	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Format"), nil, d.formats),
		d.orgRow,
		d.caption,
	)
	previewBox := container.NewStack(
		canvasBackground(),
		container.NewPadded(d.preview),
	)
	content := container.NewBorder(top, d.busy, nil, nil, previewBox)
	d.dlg = dialog.NewCustomWithoutButtons("Export fact sheet — "+story, content, w.win)
	d.dlg.SetButtons([]fyne.CanvasObject{closeBtn, d.save})
	d.dlg.SetOnClosed(d.closedByUser)
	size := w.win.Canvas().Size()
	d.dlg.Resize(fyne.NewSize(max(size.Width*0.8, 640), max(size.Height*0.85, 480)))
	d.showOrg()
	return d
}

// canvasBackground is the input background behind the preview, so the
// text reads as a document.
func canvasBackground() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.CornerRadius = theme.InputRadiusSize()
	return r
}

// showOrg shows the organisation field for ClaimReview only.
func (d *exportDialog) showOrg() {
	if d.format == annotate.ExportClaimReview {
		d.orgRow.Show()
	} else {
		d.orgRow.Hide()
	}
}

// open refreshes the story's quote matching when imports left it stale, as
// the CLI's export does, then loads the story: each load of the facts
// panel rebuilds the preview.
func (d *exportDialog) open() {
	w := d.w
	d.unwatch = w.facts.watch(d.rebuild)
	d.setBusy(true)
	w.note("Reading the story for the fact sheet…")
	st, id := w.store, d.storyID
	w.wk.write(func(ctx context.Context) func() {
		stale, err := st.StaleStories(ctx)
		refreshed := false
		var done func()
		if err == nil && slices.Contains(stale, id) {
			done, err = w.trackedWrite(ctx, st, func() error { return st.RefreshQuotes(ctx, id) })
			refreshed = err == nil
		}
		return func() {
			if done != nil {
				done()
			}
			if st != w.store || d.closed {
				return
			}
			if err != nil {
				// The sheet can still be made, with the quote groups as stored.
				w.note("Could not refresh quote matching: " + err.Error())
			}
			if refreshed {
				w.loadStoryData() // also reloads the facts
			} else {
				w.facts.load()
			}
		}
	})
}

// closedByUser forgets the dialog and drops builds still running.
func (d *exportDialog) closedByUser() {
	d.closed = true
	d.seq++
	if d.unwatch != nil {
		d.unwatch()
	}
	if d.orgStop != nil {
		d.orgStop()
		d.orgStop = nil
	}
	if d.w.export == d {
		d.w.export = nil
	}
}

// rebuild renders the sheet in the chosen format off the UI goroutine from
// the records the facts panel last read.
func (d *exportDialog) rebuild() {
	p := d.w.facts
	if d.closed || !p.loaded || p.storyID != d.storyID {
		return
	}
	in, f := p.input, d.format
	org := strings.TrimSpace(d.org.Text)
	generator := "Factdesk " + d.version()
	d.seq++
	seq := d.seq
	d.ready = false
	d.save.Disable()
	d.setBusy(true)
	d.w.note(fmt.Sprintf("Building the %s fact sheet…", f.Label()))
	d.w.wk.read(func(context.Context) func() {
		out, err := renderExport(in, f, generator, org, time.Now())
		return func() {
			if seq != d.seq || d.closed {
				return
			}
			d.setBusy(false)
			if err != nil {
				d.caption.SetText("The fact sheet could not be built.")
				d.w.fail("build fact sheet", err)
				return
			}
			// A new format starts at the top; the same one, rebuilt after a
			// change in the store, keeps its place.
			top := out.format != d.out.format
			d.out, d.ready = out, true
			d.caption.SetText(out.caption)
			d.preview.show(out.preview, top)
			d.save.Enable()
			d.w.note(fmt.Sprintf("Fact sheet ready: %s, %s.", f.Label(), formatBytes(len(out.data))))
		}
	})
}

// version is the build's version for the sheet's footer.
func (d *exportDialog) version() string {
	if v := d.w.cfg.Version; v != "" {
		return v
	}
	return "development build"
}

func (d *exportDialog) setBusy(on bool) {
	if on {
		d.busy.Show()
		d.busy.Start()
	} else {
		d.busy.Stop()
		d.busy.Hide()
	}
}

// chooseFile asks where to save the sheet shown in the preview.
func (d *exportDialog) chooseFile() {
	if !d.ready {
		return
	}
	out := d.out
	fd := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			d.w.fail("choose where to save the fact sheet", err)
			return
		}
		if wc == nil {
			return // cancelled
		}
		d.saveTo(wc, out)
	}, d.w.win)
	fd.SetFileName(exportFileName(d.story, out.format))
	if ext := filepath.Ext(out.format.Extension()); ext != "" {
		fd.SetFilter(fstorage.NewExtensionFileFilter([]string{ext}))
	}
	if dir := d.w.app.Preferences().String(prefExportFolder); dir != "" {
		if l, err := fstorage.ListerForURI(fstorage.NewFileURI(dir)); err == nil {
			fd.SetLocation(l)
		}
	}
	size := d.w.win.Canvas().Size()
	fd.Resize(fyne.NewSize(size.Width*0.7, size.Height*0.75))
	fd.Show()
}

// saveTo writes out where the save dialog pointed. For a local file the
// writer the dialog hands back is closed unused (with lazyWriteRepository
// in place it has not touched the file) and the sheet goes in through a
// temporary file renamed over it, so the file ends complete, never half
// written, and a save that fails leaves it as it was.
func (d *exportDialog) saveTo(wc fyne.URIWriteCloser, out exportOutput) {
	u := wc.URI()
	if u.Scheme() != "file" {
		d.w.note("Saving the fact sheet…")
		d.w.wk.read(func(context.Context) func() {
			_, err := wc.Write(out.data)
			if cerr := wc.Close(); err == nil {
				err = cerr
			}
			return func() { d.saved(u.String(), out, err) }
		})
		return
	}
	wc.Close()
	d.saveFile(u.Path(), out)
}

// saveFile writes out to path off the UI goroutine, reporting in the
// status bar, or in a dialog when it fails.
func (d *exportDialog) saveFile(path string, out exportOutput) {
	d.w.note("Saving the fact sheet to " + path + "…")
	d.w.wk.read(func(context.Context) func() {
		err := writeFileAtomic(path, out.data)
		return func() {
			if err == nil {
				d.w.app.Preferences().SetString(prefExportFolder, filepath.Dir(path))
			}
			d.saved(path, out, err)
		}
	})
}

func (d *exportDialog) saved(where string, out exportOutput, err error) {
	if err != nil {
		d.w.fail("save fact sheet", err)
		return
	}
	d.w.note(fmt.Sprintf("Saved the %s fact sheet (%s) to %s.", out.format.Label(), formatBytes(len(out.data)), where))
}

// minPreviewColumns is the narrowest the preview wraps its text.
const minPreviewColumns = 20

// wrapText breaks each line of text longer than cols code points at the
// last space that fits, or within a word that is longer than a line. CR LF
// line ends (CSV) become LF.
func wrapText(text string, cols int) string {
	cols = max(cols, 1)
	var b strings.Builder
	b.Grow(len(text) + len(text)/max(cols, 1))
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		r := []rune(line)
		for len(r) > cols {
			cut := cols
			if sp := lastSpace(r[:cols+1]); sp > 0 {
				cut = sp
			}
			b.WriteString(strings.TrimRight(string(r[:cut]), " "))
			b.WriteByte('\n')
			r = r[cut:]
			for len(r) > 0 && r[0] == ' ' {
				r = r[1:]
			}
		}
		b.WriteString(string(r))
	}
	return b.String()
}

// lastSpace is the index of the last space in r, or -1.
func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// sheetPreview shows a fact sheet's text in a monospace grid, wrapped at
// the width it is given. The grid draws only the rows in view, so a long
// sheet costs no more to show than a short one (a wrapped label lays out
// every line on the UI goroutine: seconds for the HTML of a small story).
type sheetPreview struct {
	widget.BaseWidget
	box  *fyne.Container // holds grid; a new grid starts scrolled to the top
	grid *widget.TextGrid
	text string
	cols int // columns text is wrapped at in grid; 0 to wrap again
}

var _ fyne.Widget = (*sheetPreview)(nil)

func newSheetPreview() *sheetPreview {
	p := &sheetPreview{box: container.NewStack()}
	p.ExtendBaseWidget(p)
	p.newGrid()
	return p
}

// newGrid replaces the grid with an empty one, scrolled to the top.
func (p *sheetPreview) newGrid() {
	p.grid = widget.NewTextGrid()
	p.grid.Scroll = fyne.ScrollBoth
	p.box.Objects = []fyne.CanvasObject{p.grid}
	p.box.Refresh()
}

// show replaces the text; with top the preview starts at the top.
func (p *sheetPreview) show(text string, top bool) {
	p.text = text
	if top {
		p.newGrid()
	}
	p.cols = 0
	p.wrap(p.Size().Width)
}

// Resize implements fyne.CanvasObject: the text wraps again at the new
// width.
func (p *sheetPreview) Resize(size fyne.Size) {
	p.BaseWidget.Resize(size)
	p.wrap(size.Width)
}

// wrap fills the grid with the text wrapped to fit width.
func (p *sheetPreview) wrap(width float32) {
	cell := float32(math.Round(float64(fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Monospace: true}).Width)))
	cols := minPreviewColumns
	if cell > 0 {
		cols = max(int((width-theme.ScrollBarSize()-theme.Padding())/cell), minPreviewColumns)
	}
	if cols == p.cols {
		return
	}
	p.cols = cols
	p.grid.SetText(wrapText(p.text, cols))
}

// CreateRenderer implements fyne.Widget.
func (p *sheetPreview) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.box) }
