package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// worker runs store calls off the UI goroutine and hands their results back
// to it. Reads run concurrently; writes run one at a time in the order they
// were queued, so a later edit never lands before an earlier one. Writes are
// not cancelled when the window closes: shutdown waits for them.
type worker struct {
	ctx  context.Context // cancelled when the window goes away; reads use it
	post func(func())    // runs a func on the UI goroutine (fyne.Do)

	// pending counts work started and not yet finished on the UI goroutine,
	// including armed timers; tests wait for it to reach zero.
	pending atomic.Int64
	stopped atomic.Bool

	mu      sync.Mutex
	queue   []func(context.Context) func()
	writing bool
	drained *sync.Cond // signalled when the write queue empties
}

func newWorker(ctx context.Context, post func(func())) *worker {
	wk := &worker{ctx: ctx, post: post}
	wk.drained = sync.NewCond(&wk.mu)
	return wk
}

// finish hands ui (which may be nil) to the UI goroutine and marks the work
// done once it has run.
func (wk *worker) finish(ui func()) {
	if wk.stopped.Load() {
		wk.pending.Add(-1)
		return
	}
	wk.post(func() {
		defer wk.pending.Add(-1)
		if ui != nil && !wk.stopped.Load() {
			ui()
		}
	})
}

// read runs work on its own goroutine and then the func it returns on the UI
// goroutine.
func (wk *worker) read(work func(ctx context.Context) func()) {
	wk.pending.Add(1)
	go func() {
		wk.finish(work(wk.ctx))
	}()
}

// write queues work behind every earlier write. Writes run with a context
// that outlives the window so that closing it never loses an edit.
func (wk *worker) write(work func(ctx context.Context) func()) {
	wk.pending.Add(1)
	wk.mu.Lock()
	wk.queue = append(wk.queue, work)
	start := !wk.writing
	wk.writing = true
	wk.mu.Unlock()
	if start {
		go wk.drain()
	}
}

func (wk *worker) drain() {
	ctx := context.WithoutCancel(wk.ctx)
	for {
		wk.mu.Lock()
		if len(wk.queue) == 0 {
			wk.writing = false
			wk.drained.Broadcast()
			wk.mu.Unlock()
			return
		}
		work := wk.queue[0]
		wk.queue = wk.queue[1:]
		wk.mu.Unlock()
		wk.finish(work(ctx))
	}
}

// after runs fn on the UI goroutine once d has passed, unless the returned
// stop func is called first. stop reports whether it prevented the call.
func (wk *worker) after(d time.Duration, fn func()) (stop func() bool) {
	wk.pending.Add(1)
	var once sync.Once
	release := func() bool {
		done := false
		once.Do(func() { done = true })
		return done
	}
	t := time.AfterFunc(d, func() {
		if release() {
			wk.finish(fn)
		}
	})
	return func() bool {
		if t.Stop() && release() {
			wk.pending.Add(-1)
			return true
		}
		return false
	}
}

// idle reports whether no work is in flight.
func (wk *worker) idle() bool { return wk.pending.Load() == 0 }

// writesPending reports whether writes are queued or running.
func (wk *worker) writesPending() bool {
	wk.mu.Lock()
	defer wk.mu.Unlock()
	return wk.writing
}

// stop drops every later result instead of posting it to the (closed)
// window and waits up to timeout for queued writes to reach the store. It
// reports whether the writes finished in time.
func (wk *worker) stop(timeout time.Duration) bool {
	wk.stopped.Store(true)
	done := make(chan struct{})
	go func() {
		wk.mu.Lock()
		for wk.writing {
			wk.drained.Wait()
		}
		wk.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}
