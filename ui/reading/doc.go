// Package reading provides the reading pane: a Fyne widget that shows an
// article body word-wrapped for reading, draws coloured highlights under
// annotated ranges, and lets an editor select text with character precision
// and tag it.
//
// Fyne's own widgets cannot do this: a selectable Label cannot colour ranges
// and RichText cannot select. The pane lays the text out itself (caching word
// widths, wrapping greedily) and creates canvas objects only for the rows in
// view, so a 20,000-word article opens and scrolls at frame rate.
//
// All offsets and spans are Unicode code points into the body, end
// exclusive, as in package annotate. The caret never stops inside a
// character cluster (a letter and its combining marks, an emoji sequence).
package reading
