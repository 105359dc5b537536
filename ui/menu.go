package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// kindKeys are the keys that, with Ctrl+Shift, tag the selection.
var kindKeys = map[annotate.Kind]fyne.KeyName{
	annotate.KindFact:  fyne.KeyF,
	annotate.KindQuote: fyne.KeyQ,
	annotate.KindClaim: fyne.KeyC,
	annotate.KindNote:  fyne.KeyN,
}

// kindShortcut is Ctrl+Shift+<key> for kind.
func kindShortcut(k annotate.Kind) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: kindKeys[k], Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// redoShortcut is Ctrl+Shift+Z; Ctrl+Y (fyne.ShortcutRedo) works too.
var redoShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// menus is the main menu and the items whose state changes.
type menus struct {
	w     *window
	main  *fyne.MainMenu
	undo  *fyne.MenuItem
	redo  *fyne.MenuItem
	sync  *fyne.MenuItem
	del   *fyne.MenuItem
	theme map[themeMode]*fyne.MenuItem

	undoBtn, redoBtn *widget.Button
}

func newMenus(w *window) *menus {
	m := &menus{w: w, theme: map[themeMode]*fyne.MenuItem{}}

	openStore := fyne.NewMenuItem("Open store…", w.openStoreDialog)
	newStore := fyne.NewMenuItem("New store…", w.newStoreDialog)
	if w.cfg.OpenStore == nil {
		openStore.Disabled, newStore.Disabled = true, true
	}
	importFiles := fyne.NewMenuItem("Import file…", w.importFileDialog)
	importFiles.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	importFolder := fyne.NewMenuItem("Import folder…", w.importFolderDialog)
	export := fyne.NewMenuItem("Export fact sheet…", w.exportFactSheet)
	export.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	quit := fyne.NewMenuItem("Quit", func() {
		w.flush()
		w.app.Quit()
	})
	quit.IsQuit = true
	file := fyne.NewMenu("File", openStore, newStore, fyne.NewMenuItemSeparator(),
		importFiles, importFolder, fyne.NewMenuItemSeparator(), export, fyne.NewMenuItemSeparator(), quit)

	m.undo = fyne.NewMenuItem("Undo", w.undoAction)
	m.undo.Shortcut = &fyne.ShortcutUndo{}
	m.redo = fyne.NewMenuItem("Redo", w.redoAction)
	m.redo.Shortcut = redoShortcut
	copyItem := fyne.NewMenuItem("Copy", w.copySelection)
	copyItem.Shortcut = &fyne.ShortcutCopy{}
	find := fyne.NewMenuItem("Find…", w.search.focus)
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	edit := fyne.NewMenu("Edit", m.undo, m.redo, fyne.NewMenuItemSeparator(), copyItem, find, fyne.NewMenuItemSeparator())
	for _, k := range annotate.Kinds {
		item := fyne.NewMenuItem("Tag selection as "+string(k), func() { w.annotateActive(k) })
		item.Icon = kindIcon(k)
		item.Shortcut = kindShortcut(k)
		edit.Items = append(edit.Items, item)
	}
	m.del = fyne.NewMenuItem("Delete annotation", func() {
		if a, ok := w.annotation(w.selected); ok {
			w.deleteAnnotation(a)
		}
	})
	m.del.Disabled = true
	edit.Items = append(edit.Items, m.del, fyne.NewMenuItemSeparator())
	edit.Items = append(edit.Items, w.factEditMenuItems()...)

	addPane := fyne.NewMenuItem("Add pane", w.addPane)
	addPane.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
	removePane := fyne.NewMenuItem("Remove pane", func() { w.removePane(w.panes.active()) })
	removePane.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
	moveLeft := fyne.NewMenuItem("Move pane left", func() { w.movePane(w.panes.active(), -1) })
	moveRight := fyne.NewMenuItem("Move pane right", func() { w.movePane(w.panes.active(), +1) })
	m.sync = fyne.NewMenuItem("Synchronised scrolling", func() {
		w.syncScroll = !w.syncScroll
		m.sync.Checked = w.syncScroll
		m.main.Refresh()
		if w.syncScroll {
			w.paneScrolled(w.panes.active(), w.panes.active().reading.ScrollFraction())
		}
	})
	themeMenu := fyne.NewMenu("")
	for _, t := range []struct {
		mode  themeMode
		label string
	}{{themeSystem, "Follow system"}, {themeLight, "Light"}, {themeDark, "Dark"}} {
		item := fyne.NewMenuItem(t.label, func() { m.setTheme(t.mode) })
		m.theme[t.mode] = item
		themeMenu.Items = append(themeMenu.Items, item)
	}
	themeItem := fyne.NewMenuItem("Theme", nil)
	themeItem.ChildMenu = themeMenu
	compareQuotes := fyne.NewMenuItem("Compare quotes", w.openQuoteCompare)
	compareQuotes.Shortcut = compareQuotesShortcut
	compareArticles := fyne.NewMenuItem("Compare articles", func() { w.openArticleCompare(0, 0) })
	compareArticles.Shortcut = compareArticlesShortcut
	view := fyne.NewMenu("View", addPane, removePane, moveLeft, moveRight, fyne.NewMenuItemSeparator(), m.sync, themeItem,
		fyne.NewMenuItemSeparator(), compareQuotes, compareArticles)

	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", w.showShortcuts),
		fyne.NewMenuItem("About Factdesk", w.showAbout))

	m.main = fyne.NewMainMenu(file, edit, view, help)
	m.markTheme(loadThemeMode(w.app))
	m.undoBtn = widget.NewButtonWithIcon("", theme.ContentUndoIcon(), w.undo)
	m.redoBtn = widget.NewButtonWithIcon("", theme.ContentRedoIcon(), w.redo)
	m.updateUndo()
	return m
}

// setTheme switches the theme and ticks its menu item.
func (m *menus) setTheme(mode themeMode) {
	applyTheme(m.w.app, mode)
	m.markTheme(mode)
}

func (m *menus) markTheme(mode themeMode) {
	for k, item := range m.theme {
		item.Checked = k == mode
	}
	m.main.Refresh()
}

// setSelected enables the items that act on the selected annotation.
func (m *menus) setSelected(selected bool) {
	if m.del.Disabled == !selected {
		return
	}
	m.del.Disabled = !selected
	m.main.Refresh()
}

// updateUndo names the steps Undo and Redo would take and enables them.
func (m *menus) updateUndo() {
	if c, ok := m.w.hist.peekUndo(); ok {
		m.undo.Label, m.undo.Disabled = "Undo "+c.describe(), false
		m.undoBtn.Enable()
	} else {
		m.undo.Label, m.undo.Disabled = "Undo", true
		m.undoBtn.Disable()
	}
	if c, ok := m.w.hist.peekRedo(); ok {
		m.redo.Label, m.redo.Disabled = "Redo "+c.describe(), false
		m.redoBtn.Enable()
	} else {
		m.redo.Label, m.redo.Disabled = "Redo", true
		m.redoBtn.Disable()
	}
	m.main.Refresh()
}

// addShortcuts registers the window's shortcuts on the canvas, so they work
// when no text field has the focus (the main menu's copies catch them
// first on desktop).
func (w *window) addShortcuts() {
	c := w.win.Canvas()
	for _, k := range annotate.Kinds {
		c.AddShortcut(kindShortcut(k), func(fyne.Shortcut) { w.annotateActive(k) })
	}
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { w.undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { w.redo() })
	c.AddShortcut(redoShortcut, func(fyne.Shortcut) { w.redo() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.search.focus() })
	w.addFactShortcuts(c)
	c.AddShortcut(compareQuotesShortcut, func(fyne.Shortcut) { w.openQuoteCompare() })
	c.AddShortcut(compareArticlesShortcut, func(fyne.Shortcut) { w.openArticleCompare(0, 0) })
}

// focusedEntry is the text field with the focus, if any.
func (w *window) focusedEntry() fyne.Shortcutable {
	switch f := w.win.Canvas().Focused().(type) {
	case *widget.Entry:
		return f
	case *widget.SelectEntry:
		return f
	}
	return nil
}

// undoAction is Edit → Undo: in a text field it undoes typing, elsewhere
// the last annotation change.
func (w *window) undoAction() {
	if e := w.focusedEntry(); e != nil {
		e.TypedShortcut(&fyne.ShortcutUndo{})
		return
	}
	w.undo()
}

// redoAction is Edit → Redo, the counterpart of undoAction.
func (w *window) redoAction() {
	if e := w.focusedEntry(); e != nil {
		e.TypedShortcut(&fyne.ShortcutRedo{})
		return
	}
	w.redo()
}

// copySelection is Edit → Copy: the focused field's selection, else the
// active pane's.
func (w *window) copySelection() {
	cb := w.app.Clipboard()
	if e := w.focusedEntry(); e != nil {
		e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
		return
	}
	if t := w.panes.active().reading.SelectedText(); t != "" {
		cb.SetContent(t)
	}
}

// topBar is the toolbar (tag buttons, undo, redo, add pane) and the search
// box.
func (w *window) topBar() fyne.CanvasObject {
	var tools []fyne.CanvasObject
	for _, k := range annotate.Kinds {
		b := widget.NewButtonWithIcon(kindTitle(k), kindIcon(k), func() { w.annotateActive(k) })
		b.Importance = widget.LowImportance
		tools = append(tools, b)
	}
	tools = append(tools, w.factToolbarButton())
	addPane := widget.NewButtonWithIcon("Pane", theme.ContentAddIcon(), w.addPane)
	addPane.Importance = widget.LowImportance
	w.menu.undoBtn.Importance = widget.LowImportance
	w.menu.redoBtn.Importance = widget.LowImportance
	tools = append(tools, widget.NewSeparator(), w.menu.undoBtn, w.menu.redoBtn, widget.NewSeparator(), addPane)
	search := container.NewGridWrap(fyne.NewSize(380, w.search.entry.MinSize().Height), w.search.entry)
	label := widget.NewLabel("Tag:")
	label.Importance = widget.LowImportance
	return container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(append([]fyne.CanvasObject{label}, tools...)...), search),
		widget.NewSeparator(),
	)
}

// openStoreDialog is File → Open store….
func (w *window) openStoreDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.fail("choose a store", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.openStore(path)
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".factdesk"}))
	d.Show()
}

// newStoreDialog is File → New store…: a folder, then a file name. It
// never picks an existing file (a save dialog would truncate it).
func (w *window) newStoreDialog() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			w.fail("choose a folder for the new store", err)
			return
		}
		if dir == nil {
			return
		}
		name := widget.NewEntry()
		name.SetText("factdesk.db")
		name.Validator = func(s string) error {
			s = strings.TrimSpace(s)
			if s == "" || strings.ContainsAny(s, `/\`) {
				return errors.New("a file name, without folders")
			}
			if _, err := os.Stat(filepath.Join(dir.Path(), s)); err == nil {
				return errors.New("a file of that name exists; use File → Open store")
			}
			return nil
		}
		dialog.ShowForm("New store in "+dir.Name(), "Create", "Cancel",
			[]*widget.FormItem{widget.NewFormItem("File name", name)},
			func(ok bool) {
				if ok {
					w.openStore(filepath.Join(dir.Path(), strings.TrimSpace(name.Text)))
				}
			}, w.win)
	}, w.win)
	d.SetConfirmText("Choose folder")
	d.Show()
}

// openStore opens (or creates) the store at path off the UI goroutine and
// switches the window to it.
func (w *window) openStore(path string) {
	if w.cfg.OpenStore == nil {
		return
	}
	open := w.cfg.OpenStore
	w.note("Opening " + path + "…")
	w.wk.read(func(ctx context.Context) func() {
		st, err := open(ctx, path)
		return func() {
			if err != nil {
				w.fail("open store", err)
				return
			}
			w.switchStore(st, path)
			w.note("Opened " + path)
		}
	})
}

// shortcutHelp lists the keyboard shortcuts for Help → Keyboard shortcuts.
var shortcutHelp = [][2]string{
	{"Ctrl+Shift+F", "Tag the selection as a fact"},
	{"Ctrl+Shift+Q", "Tag the selection as a quote"},
	{"Ctrl+Shift+C", "Tag the selection as a claim"},
	{"Ctrl+Shift+N", "Tag the selection as a note"},
	{"Ctrl+Shift+A", "New fact from the selections in every pane"},
	{"Ctrl+Shift+L", "Add the selections to a fact (for or against)"},
	{"Ctrl+E", "Export the story's fact sheet"},
	{"Ctrl+Z", "Undo the last annotation change (typing, in a text field)"},
	{"Ctrl+Shift+Z, Ctrl+Y", "Redo"},
	{"Ctrl+C", "Copy the selection"},
	{"Ctrl+F", "Search all articles and notes"},
	{"Ctrl+O", "Import a file"},
	{"Ctrl+T / Ctrl+W", "Add / remove a pane"},
	{"Ctrl+K", "Compare the story's quotes across outlets"},
	{"Ctrl+Shift+K", "Compare two articles sentence by sentence"},
	{"Double-click / triple-click", "Select a word / a paragraph"},
	{"Shift+click, Shift+arrows", "Extend the selection"},
	{"Right-click", "Tag the selection, search for it, pane actions"},
	{"Drop files on the window", "Import them"},
}

// showShortcuts is Help → Keyboard shortcuts.
func (w *window) showShortcuts() {
	grid := container.New(layout.NewFormLayout())
	for _, s := range shortcutHelp {
		grid.Add(widget.NewLabelWithStyle(s[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(s[1]))
	}
	dialog.ShowCustom("Keyboard shortcuts", "Close", grid, w.win)
}

// showAbout is Help → About.
func (w *window) showAbout() {
	version := w.cfg.Version
	if version == "" {
		version = "development build"
	}
	msg := strings.Join([]string{
		"Factdesk " + version,
		"Read outlets side by side, tag facts, quotes and claims,",
		"and compare how each outlet printed the same quote.",
		"",
		fmt.Sprintf("Store: %s", w.path),
	}, "\n")
	dialog.ShowInformation("About Factdesk", msg, w.win)
}
