package annotate

import (
	"strings"
)

// VariantDiff is how one outlet's rendering of a quote differs from the
// reference text (a group's canonical text, or a variant an editor picked):
// the view model for the multi-variant pane.
type VariantDiff struct {
	QuoteID    int64
	ArticleID  int64
	Outlet     string
	Speaker    string
	Similarity float64  // as WordDiff.Similarity
	Ops        []DiffOp // turn the reference into the variant
	// Dropped are the reference passages the variant leaves out, Added the
	// passages it adds, Changed the passages it words differently.
	// Differences of punctuation, quotation marks and white space alone are
	// left out of all three (they stay in Ops, where DiffOp.PunctOnly tells
	// them apart).
	Dropped []string
	Added   []string
	Changed []Change
}

// Change is a passage of the reference and a variant's wording of it.
type Change struct {
	From, To string
}

// Identical reports whether the variant has the reference's words, in the
// same order, whatever its punctuation.
func (d VariantDiff) Identical() bool {
	return len(d.Dropped) == 0 && len(d.Added) == 0 && len(d.Changed) == 0
}

// CompareVariants diffs each variant against reference, in the order
// given. Texts are tokenised once and share one encoding, so comparing a
// group's members costs little more than diffing them pair by pair.
func CompareVariants(reference string, variants []Quote) []VariantDiff {
	ref := prepareDiff(reference)
	var enc diffEncoder
	refRunes := enc.encode(&ref)
	prep := make([]diffText, len(variants))
	runes := make([][]rune, len(variants))
	for i, q := range variants {
		prep[i] = prepareDiff(q.Text)
		runes[i] = enc.encode(&prep[i])
	}
	shared := enc.alpha.allASCII()
	out := make([]VariantDiff, len(variants))
	for i, q := range variants {
		var d WordDiff
		if shared {
			d = diffPrepared(&ref, &prep[i], refRunes, runes[i])
		} else {
			var pe diffEncoder
			d = diffPrepared(&ref, &prep[i], pe.encode(&ref), pe.encode(&prep[i]))
		}
		v := VariantDiff{
			QuoteID: q.ID, ArticleID: q.ArticleID, Outlet: q.Outlet, Speaker: q.Speaker,
			Similarity: d.Similarity, Ops: d.Ops,
		}
		v.summarise()
		out[i] = v
	}
	return out
}

// summarise fills Dropped, Added and Changed from Ops.
func (d *VariantDiff) summarise() {
	for k := 0; k < len(d.Ops); k++ {
		op := d.Ops[k]
		switch op.Op {
		case OpDelete:
			if k+1 < len(d.Ops) && d.Ops[k+1].Op == OpInsert {
				ins := d.Ops[k+1]
				k++
				switch {
				case op.PunctOnly() && ins.PunctOnly():
				case op.PunctOnly():
					d.Added = appendPassage(d.Added, ins.Text)
				case ins.PunctOnly():
					d.Dropped = appendPassage(d.Dropped, op.Text)
				default:
					d.Changed = append(d.Changed, Change{From: strings.TrimSpace(op.Text), To: strings.TrimSpace(ins.Text)})
				}
				continue
			}
			if !op.PunctOnly() {
				d.Dropped = appendPassage(d.Dropped, op.Text)
			}
		case OpInsert:
			if !op.PunctOnly() {
				d.Added = appendPassage(d.Added, op.Text)
			}
		}
	}
}

// appendPassage appends s without its surrounding white space.
func appendPassage(list []string, s string) []string {
	return append(list, strings.TrimSpace(s))
}
