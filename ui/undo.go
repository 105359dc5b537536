package ui

import (
	"context"
	"fmt"

	"factdesk/annotate"
)

// change is one undoable annotation change: Before is the annotation as it
// was (nil when the change created it) and After as it became (nil when the
// change deleted it). A compound change (see compound) is several of them
// taken as one step, with Before and After nil.
type change struct {
	Before, After *annotate.Annotation

	// parts are the changes of a compound change, in the order they are
	// made; what names it for menus.
	parts []change
	what  string

	// session and field let consecutive edits of one field in one editor
	// session merge into a single undo step (typing a note saves several
	// times but undoes at once). Zero session never merges.
	session int
	field   string
}

// created, edited and deleted build changes.
func created(a annotate.Annotation) change { return change{After: &a} }

func deleted(a annotate.Annotation) change { return change{Before: &a} }

func edited(before, after annotate.Annotation, session int, field string) change {
	return change{Before: &before, After: &after, session: session, field: field}
}

// compound makes one undo step of several changes, named what ("annotate
// group").
func compound(what string, parts []change) change { return change{parts: parts, what: what} }

// inverse is the change that undoes c; it keeps c's field (or, for a
// compound change, its name) for messages. A compound change is undone part
// by part, last first.
func (c change) inverse() change {
	if c.parts != nil {
		parts := make([]change, len(c.parts))
		for i, p := range c.parts {
			parts[len(parts)-1-i] = p.inverse()
		}
		return compound(c.what, parts)
	}
	return change{Before: c.After, After: c.Before, field: c.field}
}

// id is the annotation the change is about; 0 for a compound change.
func (c change) id() int64 {
	if c.After != nil {
		return c.After.ID
	}
	if c.Before != nil {
		return c.Before.ID
	}
	return 0
}

// describe names the change for menus and the status bar.
func (c change) describe() string {
	switch {
	case c.parts != nil:
		return c.what
	case c.Before == nil && c.After != nil:
		return "tag as " + string(c.After.Kind)
	case c.After == nil && c.Before != nil:
		return "delete " + string(c.Before.Kind)
	case c.field != "":
		return "edit " + c.field
	default:
		return "edit"
	}
}

// annotationWriter is the part of the store that applies changes.
type annotationWriter interface {
	UpdateAnnotation(ctx context.Context, a annotate.Annotation) (annotate.Annotation, error)
	DeleteAnnotation(ctx context.Context, id int64) error
	RestoreAnnotation(ctx context.Context, a annotate.Annotation) error
}

// apply makes the store hold c's After state: it restores an annotation c
// creates (under its old id), deletes one c deletes, and updates one c edits.
func apply(ctx context.Context, st annotationWriter, c change) error {
	for _, p := range c.parts {
		if err := apply(ctx, st, p); err != nil {
			return err
		}
	}
	switch {
	case c.Before == nil && c.After != nil:
		if err := st.RestoreAnnotation(ctx, *c.After); err != nil {
			return fmt.Errorf("restore annotation %d: %w", c.After.ID, err)
		}
	case c.After == nil && c.Before != nil:
		if err := st.DeleteAnnotation(ctx, c.Before.ID); err != nil {
			return fmt.Errorf("delete annotation %d: %w", c.Before.ID, err)
		}
	case c.After != nil:
		if _, err := st.UpdateAnnotation(ctx, *c.After); err != nil {
			return fmt.Errorf("update annotation %d: %w", c.After.ID, err)
		}
	}
	return nil
}

// history is the session's undo and redo stacks.
type history struct {
	done, undone []change
	limit        int // most steps kept; 0 means unlimited
}

// push records a change just made. It clears the redo stack, and merges c
// into the last step when both edit the same field of the same annotation
// in the same editor session.
func (h *history) push(c change) {
	h.undone = nil
	if n := len(h.done); n > 0 && c.session != 0 {
		last := &h.done[n-1]
		if last.session == c.session && last.field == c.field &&
			last.Before != nil && last.After != nil && c.Before != nil && c.After != nil &&
			last.id() == c.id() {
			last.After = c.After
			return
		}
	}
	h.done = append(h.done, c)
	if h.limit > 0 && len(h.done) > h.limit {
		h.done = append(h.done[:0], h.done[len(h.done)-h.limit:]...)
	}
}

// undo pops the last change and returns the change that reverts it.
func (h *history) undo() (change, bool) {
	n := len(h.done)
	if n == 0 {
		return change{}, false
	}
	c := h.done[n-1]
	h.done = h.done[:n-1]
	h.undone = append(h.undone, c)
	return c.inverse(), true
}

// redo pops the last undone change and returns it, to apply again.
func (h *history) redo() (change, bool) {
	n := len(h.undone)
	if n == 0 {
		return change{}, false
	}
	c := h.undone[n-1]
	h.undone = h.undone[:n-1]
	h.done = append(h.done, c)
	c.session = 0 // a redone step never merges with later edits
	h.done[len(h.done)-1].session = 0
	return c, true
}

// peekUndo and peekRedo name the step undo or redo would take.
func (h *history) peekUndo() (change, bool) {
	if len(h.done) == 0 {
		return change{}, false
	}
	return h.done[len(h.done)-1], true
}

func (h *history) peekRedo() (change, bool) {
	if len(h.undone) == 0 {
		return change{}, false
	}
	return h.undone[len(h.undone)-1], true
}

// reset forgets every step, as when the window switches stores.
func (h *history) reset() { h.done, h.undone = nil, nil }
