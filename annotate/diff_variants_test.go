package annotate

import (
	"reflect"
	"testing"
)

func TestCompareVariants(t *testing.T) {
	ref := "The council has failed Eastbrook, and we will not let this budget pass without a fight."
	variants := []Quote{
		{ID: 1, Outlet: "Harbor Wire", Text: ref},
		{ID: 2, Outlet: "Daily Clarion", Text: "we will not let this budget pass without a fight"},
		{ID: 3, Outlet: "Copydesk Digest", Text: "The council has failed Eastbrook, and we won't let this budget pass without a fight!"},
		{ID: 4, Outlet: "Valley Sentinel", Text: "The council has failed Eastbrook and its schools, and we will not let this budget pass without a fight."},
		{ID: 5, Outlet: "Northfield Courier", Text: "The council has failed Eastbrook; and we will not let this budget pass without a fight"},
	}
	got := CompareVariants(ref, variants)
	want := []struct {
		dropped, added []string
		changed        []Change
	}{
		{},
		{dropped: []string{"The council has failed Eastbrook, and"}},
		{changed: []Change{{From: "will not", To: "won't"}}},
		{added: []string{"and its schools"}},
		{},
	}
	for i, w := range want {
		d := got[i]
		if d.QuoteID != variants[i].ID || d.Outlet != variants[i].Outlet {
			t.Errorf("variant %d: got quote %d of %q", i, d.QuoteID, d.Outlet)
		}
		if !reflect.DeepEqual(d.Dropped, w.dropped) || !reflect.DeepEqual(d.Added, w.added) || !reflect.DeepEqual(d.Changed, w.changed) {
			t.Errorf("variant %d: dropped %q added %q changed %q; want %q %q %q", i, d.Dropped, d.Added, d.Changed, w.dropped, w.added, w.changed)
		}
		if ga, gb := applyOps(d.Ops); ga != ref || gb != variants[i].Text {
			t.Errorf("variant %d: ops do not turn the reference into the variant", i)
		}
		if d.Identical() != (len(w.dropped)+len(w.added)+len(w.changed) == 0) {
			t.Errorf("variant %d: Identical = %v", i, d.Identical())
		}
	}
	// Similarity is over normalised words: won't and will not are the
	// same words, a trimmed variant is not.
	if got[0].Similarity != 1 || got[2].Similarity != 1 || got[4].Similarity != 1 || got[1].Similarity >= 1 {
		t.Errorf("similarities %v, %v, %v, %v", got[0].Similarity, got[1].Similarity, got[2].Similarity, got[4].Similarity)
	}
}
