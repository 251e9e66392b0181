package awscollect

import (
	"context"
	"sort"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// TestLiveVerdictsCiteEvidence: on the emulator's estate, as on code, every
// PASS and every FAIL says what it rests on, an absence the listing call
// that found nothing: a reader must be able to check the verdict.
func TestLiveVerdictsCiteEvidence(t *testing.T) {
	w := sharedWorld(t)
	bare := map[string]int{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).All() {
		if len(r.Evidence) > 0 {
			continue
		}
		if r.Outcome == control.Pass || r.Outcome == control.Fail {
			bare[r.Outcome.String()+" "+r.Control.ID+": "+r.Reason]++
		}
	}
	keys := make([]string, 0, len(bare))
	for k := range bare {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%d× %s cites no evidence", bare[k], k)
	}
}
