package report

import (
	"crypto/sha256"
	"encoding/hex"
	"path"

	"github.com/onus-sec/onus/control"
)

// Fingerprint identifies a finding across runs: control ID, source kind,
// the resource's identity (ARN when known, else address) and, for code, the
// directory of its file. Line numbers and file names are left out so that
// editing or moving code in a stack does not turn one finding into a new
// one (SARIF alerts, Security Hub findings and OCSF uids stay put); the
// directory is kept so two stacks with the same address stay distinct.
func Fingerprint(res *control.Result) string {
	id := ""
	if res.Control != nil {
		id = res.Control.ID
	}
	who := res.Resource.ARN
	if who == "" {
		who = res.Resource.Address
	}
	dir := ""
	if f := res.Resource.Loc.File; f != "" {
		dir = path.Dir(f)
	} else if f := res.Location().File; f != "" {
		dir = path.Dir(f)
	}
	h := sha256.New()
	for _, part := range []string{"v1", id, string(res.Resource.Source), res.Resource.Account, res.Resource.Region, who, res.Resource.Module, dir} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
