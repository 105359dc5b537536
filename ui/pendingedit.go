package ui

// pendingEdit is the debounced save of a form whose fields save as you type
// (the annotation editor, the fact detail): which field was edited since the
// last save, and the timer that saves it after saveDelay without further
// typing. Edits of one field coalesce; an edit of another field saves the
// waiting one first, so each field's edits undo on their own.
type pendingEdit struct {
	field string      // "" when nothing waits
	stop  func() bool // cancels the timer; nil when none runs
}

// edited notes an edit of field: it runs save at once for another waiting
// field, then (re)starts the timer that runs save after saveDelay.
func (p *pendingEdit) edited(field string, wk *worker, save func()) {
	if p.field != "" && p.field != field {
		save()
	}
	p.field = field
	if p.stop != nil {
		p.stop()
	}
	p.stop = wk.after(saveDelay, save)
}

// take stops the timer and returns the waiting field, "" when none, leaving
// nothing pending.
func (p *pendingEdit) take() string {
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
	field := p.field
	p.field = ""
	return field
}

// dirty reports whether an edit waits to be saved.
func (p *pendingEdit) dirty() bool { return p.field != "" }
