package report

import (
	"crypto/sha256"
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
	var b [fingerprintLen]byte
	return string(AppendFingerprint(b[:0], res))
}

// fingerprintLen is the length of a fingerprint: 16 bytes of the hash in
// hex.
const fingerprintLen = 32

// AppendFingerprint appends Fingerprint(res) to dst. Writers that stream
// hundreds of thousands of results use it to skip the string and the
// hasher each fingerprint would otherwise allocate.
func AppendFingerprint(dst []byte, res *control.Result) []byte {
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
	// The hash input is every part followed by a zero byte; most fit the
	// stack buffer.
	var in [512]byte
	msg := in[:0]
	for _, part := range [...]string{"v1", id, string(res.Resource.Source), res.Resource.Account, res.Resource.Region, who, res.Resource.Module, dir} {
		msg = append(msg, part...)
		msg = append(msg, 0)
	}
	sum := sha256.Sum256(msg)
	const digits = "0123456789abcdef"
	for _, c := range sum[:fingerprintLen/2] {
		dst = append(dst, digits[c>>4], digits[c&0xf])
	}
	return dst
}
