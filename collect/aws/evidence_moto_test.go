package awscollect

import (
	"context"
	"sort"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// absenceFails are FAILs that rest on something missing from a whole
// region or account (no recorder, no subscription): there is no setting to
// cite, and the reason names what is missing and where.
var absenceFails = map[string]string{
	"ONUS-CFG-001": "no AWS Config recorder in the region",
	"ONUS-CFG-002": "the account has no Config recorder",
	"ONUS-RDS-019": "no RDS event subscription in the region",
	"ONUS-RDS-020": "",
	"ONUS-RDS-021": "",
	"ONUS-RDS-022": "",
}

// TestLiveVerdictsCiteEvidence: on the emulator's estate, as on code, every
// PASS says what it rests on, and every FAIL but an absence does too: a
// reader must be able to check the verdict.
func TestLiveVerdictsCiteEvidence(t *testing.T) {
	w := sharedWorld(t)
	bare := map[string]int{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).All() {
		if len(r.Evidence) > 0 {
			continue
		}
		_, absence := absenceFails[r.Control.ID]
		if r.Outcome == control.Pass || r.Outcome == control.Fail && !absence {
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
