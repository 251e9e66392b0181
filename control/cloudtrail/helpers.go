package cloudtrail

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

func pass(reason string, ev ...control.Evidence) control.Verdict {
	return control.Verdict{Outcome: control.Pass, Reason: reason, Evidence: ev}
}

func fail(reason string, ev ...control.Evidence) control.Verdict {
	return control.Verdict{Outcome: control.Fail, Reason: reason, Evidence: ev}
}

func unknown(reason string, ev ...control.Evidence) control.Verdict {
	return control.Verdict{Outcome: control.Unknown, Reason: reason, Evidence: ev}
}

// boolV judges one boolean field of a trail.
func boolV(v source.Value[bool], want bool, what string) control.Verdict {
	got, ok := v.Get()
	switch {
	case !ok:
		return unknown(what+" is unknown: "+v.Reason(), control.EvAt(what, v.PackedProv()))
	case got == want:
		return pass(fmt.Sprintf("%s is %t", what, got), control.EvAt(fmt.Sprintf("%s = %t", what, got), v.PackedProv()))
	default:
		return fail(fmt.Sprintf("%s is %t", what, got), control.EvAt(fmt.Sprintf("%s = %t", what, got), v.PackedProv()))
	}
}

func trailName(t *cloudtrail.Trail) string {
	if n, ok := t.Name.Get(); ok && n != "" {
		return n
	}
	return t.Address
}

// mgmtRW says whether the selectors log management read and write events.
// A trail with no selectors logs all management events (the AWS default).
func mgmtRW(sels []cloudtrail.EventSelector) (read, write bool) {
	if len(sels) == 0 {
		return true, true
	}
	for _, s := range sels {
		if len(s.Advanced) > 0 {
			r, w := advancedMgmt(s.Advanced)
			read, write = read || r, write || w
			continue
		}
		if !s.IncludeManagementEvents {
			continue
		}
		r, w := rwType(s.ReadWriteType)
		read, write = read || r, write || w
	}
	return read, write
}

func rwType(t string) (read, write bool) {
	switch strings.ToLower(t) {
	case "readonly":
		return true, false
	case "writeonly":
		return false, true
	default: // "All" and the absent default
		return true, true
	}
}

// advancedMgmt reads an advanced selector that selects management events.
func advancedMgmt(fs []cloudtrail.AdvancedField) (read, write bool) {
	mgmt := false
	read, write = true, true
	for _, f := range fs {
		switch f.Field {
		case "eventCategory":
			mgmt = contains(f.Equals, "Management")
		case "readOnly":
			read, write = readOnlyField(f)
		}
	}
	if !mgmt {
		return false, false
	}
	return read, write
}

func readOnlyField(f cloudtrail.AdvancedField) (read, write bool) {
	switch {
	case contains(f.Equals, "true"):
		return true, contains(f.Equals, "false")
	case contains(f.Equals, "false"):
		return false, true
	case contains(f.NotEquals, "true"):
		return false, true
	case contains(f.NotEquals, "false"):
		return true, false
	}
	return true, true
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// s3DataRW says whether the selectors log S3 object-level read and write
// events for the bucket named name (or with code address addr).
func s3DataRW(sels []cloudtrail.EventSelector, name string) (read, write bool) {
	for _, s := range sels {
		if len(s.Advanced) > 0 {
			r, w := advancedS3(s.Advanced, name)
			read, write = read || r, write || w
			continue
		}
		for _, d := range s.DataResources {
			if d.Type != "AWS::S3::Object" {
				continue
			}
			for _, v := range d.Values {
				if coversBucket(v, name) {
					r, w := rwType(s.ReadWriteType)
					read, write = read || r, write || w
				}
			}
		}
	}
	return read, write
}

// coversBucket: "arn:aws:s3" and "arn:aws:s3:::" select every bucket;
// "arn:aws:s3:::name/" and "arn:aws:s3:::name/prefix" one bucket.
func coversBucket(v, name string) bool {
	v = strings.TrimSpace(v)
	for _, p := range []string{"arn:aws:s3", "arn:aws-us-gov:s3", "arn:aws-cn:s3"} {
		if v == p || v == p+":::" {
			return true
		}
		if name != "" && strings.HasPrefix(v, p+":::"+name+"/") {
			return true
		}
	}
	return false
}

func advancedS3(fs []cloudtrail.AdvancedField, name string) (read, write bool) {
	data, s3obj, arnOK := false, false, true
	read, write = true, true
	for _, f := range fs {
		switch f.Field {
		case "eventCategory":
			data = contains(f.Equals, "Data")
		case "resources.type":
			s3obj = contains(f.Equals, "AWS::S3::Object")
		case "readOnly":
			read, write = readOnlyField(f)
		case "resources.ARN":
			arnOK = advancedARN(f, name)
		case "eventName":
			// A selector narrowed to some event names does not log all
			// object-level reads or writes.
			if len(f.Equals) > 0 || len(f.StartsWith) > 0 || len(f.NotEquals) > 0 {
				return false, false
			}
		}
	}
	if !data || !s3obj || !arnOK {
		return false, false
	}
	return read, write
}

func advancedARN(f cloudtrail.AdvancedField, name string) bool {
	if name == "" {
		return false
	}
	prefix := "arn:aws:s3:::" + name + "/"
	for _, x := range f.NotEquals {
		if strings.HasPrefix(x, "arn:aws:s3:::"+name) {
			return false
		}
	}
	if len(f.Equals) == 0 && len(f.StartsWith) == 0 {
		return true
	}
	for _, x := range f.StartsWith {
		if x == "arn:aws:s3:::" || strings.HasPrefix(prefix, x) {
			return true
		}
	}
	return false
}

// trailBucket finds the bucket a trail delivers to.
func trailBucket(e *model.Estate, t *cloudtrail.Trail) (*s3.Bucket, control.Verdict, bool) {
	ref, ok := t.S3Bucket.Get()
	if !ok {
		return nil, unknown("the trail's S3 bucket is unknown: "+t.S3Bucket.Reason(), control.EvAt("s3_bucket_name", t.S3Bucket.PackedProv())), false
	}
	for _, b := range e.S3Buckets {
		n, _ := b.Name.Get()
		if (n != "" && n == ref) || (b.Address != "" && (ref == b.Address || strings.HasPrefix(ref, b.Address+"."))) {
			return b, control.Verdict{}, true
		}
	}
	return nil, unknown(fmt.Sprintf("bucket %q is not in the scanned estate (it may belong to another account or be managed elsewhere)", ref),
		control.EvAt("s3_bucket_name = "+ref, t.S3Bucket.PackedProv())), false
}

// tri is a three-valued boolean.
type tri uint8

const (
	no tri = iota
	yes
	maybe
)

func triOf(v source.Value[bool]) tri {
	b, ok := v.Get()
	switch {
	case !ok:
		return maybe
	case b:
		return yes
	}
	return no
}

func or(a, b tri) tri {
	switch {
	case a == yes || b == yes:
		return yes
	case a == maybe || b == maybe:
		return maybe
	}
	return no
}

var publicGrantees = []string{
	"http://acs.amazonaws.com/groups/global/AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

// bucketPublic judges whether a bucket is open to the public through its
// ACL or policy, taking the bucket and account public access blocks into
// account. PASS means not public.
func bucketPublic(e *model.Estate, memo *iampolicy.Memo, b *s3.Bucket) control.Verdict {
	ignoreACL, restrict := maybe, maybe
	// Where a switch that neutralises public access is on, for evidence.
	var ignoreAt, restrictAt control.Evidence
	bpab, ok := b.PublicAccessBlock.Get()
	switch {
	case !ok:
	case bpab == nil:
		ignoreACL, restrict = no, no
	default:
		ignoreACL, restrict = triOf(bpab.IgnorePublicACLs), triOf(bpab.RestrictPublicBuckets)
		if ignoreACL == yes {
			ignoreAt = control.EvAt("bucket public access block: ignore_public_acls = true", bpab.IgnorePublicACLs.PackedProv())
		}
		if restrict == yes {
			restrictAt = control.EvAt("bucket public access block: restrict_public_buckets = true", bpab.RestrictPublicBuckets.PackedProv())
		}
	}
	for _, a := range e.S3AccountBlocks {
		if a.Account != "" && b.Account != "" && a.Account != b.Account {
			continue
		}
		ab, ok := a.Block.Get()
		switch {
		case !ok:
			ignoreACL, restrict = or(ignoreACL, maybe), or(restrict, maybe)
		case ab != nil:
			if ignoreACL != yes && triOf(ab.IgnorePublicACLs) == yes {
				ignoreAt = control.EvAt("account public access block: ignore_public_acls = true", ab.IgnorePublicACLs.PackedProv())
			}
			if restrict != yes && triOf(ab.RestrictPublicBuckets) == yes {
				restrictAt = control.EvAt("account public access block: restrict_public_buckets = true", ab.RestrictPublicBuckets.PackedProv())
			}
			ignoreACL, restrict = or(ignoreACL, triOf(ab.IgnorePublicACLs)), or(restrict, triOf(ab.RestrictPublicBuckets))
		}
	}
	var vs []control.Verdict
	if ignoreACL == yes {
		vs = append(vs, pass("public ACLs are ignored by the public access block", ignoreAt))
	} else {
		vs = append(vs, gate(aclPublic(b), ignoreACL, "the public access block's IgnorePublicAcls setting"))
	}
	if restrict == yes {
		vs = append(vs, pass("public policies are restricted by the public access block", restrictAt))
	} else {
		vs = append(vs, gate(policyPublic(memo, b), restrict, "the public access block's RestrictPublicBuckets setting"))
	}
	return control.Combine(vs...)
}

// gate turns a "public" finding into UNKNOWN when a block that would
// neutralise it could not be read.
func gate(v control.Verdict, block tri, what string) control.Verdict {
	if v.Outcome == control.Fail && block == maybe {
		return unknown(v.Reason+", unless "+what+" (unknown) neutralises it", v.Evidence...)
	}
	return v
}

func aclPublic(b *s3.Bucket) control.Verdict {
	var vs []control.Verdict
	acl, ok := b.ACL.Get()
	switch {
	case !ok:
		vs = append(vs, unknown("the bucket ACL is unknown: "+b.ACL.Reason()))
	case acl == "public-read" || acl == "public-read-write" || acl == "authenticated-read":
		vs = append(vs, fail("the bucket ACL is "+acl, control.EvAt("acl = "+acl, b.ACL.PackedProv())))
	default:
		vs = append(vs, pass("the canned ACL is not public", control.EvAt("acl = "+orPrivate(acl), b.ACL.PackedProv())))
	}
	gs, ok := b.Grants.Get()
	if !ok {
		if own, ok2 := b.Ownership.Get(); ok2 && own == "BucketOwnerEnforced" {
			return pass("ACLs are disabled (BucketOwnerEnforced)", control.EvAt("object ownership = BucketOwnerEnforced", b.Ownership.PackedProv()))
		}
		vs = append(vs, unknown("the bucket ACL grants are unknown: "+b.Grants.Reason()))
	}
	for _, g := range gs {
		for _, p := range publicGrantees {
			if g.GranteeURI == p {
				vs = append(vs, fail("the bucket ACL grants "+g.Permission+" to "+p, control.EvAt("grant "+g.Permission+" to "+p, b.Grants.PackedProv())))
			}
		}
	}
	return control.Combine(vs...)
}

// policyPublic judges the bucket policy by the IAM engine's exposure
// analysis, as ONUS-S3-008 does: a grant to any principal under a
// condition an outsider can meet (aws:SecureTransport, a user agent) is
// public too. S3's own policy status stands in when the policy could not
// be read.
func policyPublic(memo *iampolicy.Memo, b *s3.Bucket) control.Verdict {
	if _, ok := b.Policy.Get(); !ok {
		if pub, ok := b.PolicyIsPublic.Get(); ok {
			if pub {
				return fail("S3 reports the bucket policy as public", control.EvAt("policy status: public", b.PolicyIsPublic.PackedProv()))
			}
			return pass("S3 reports the bucket policy as not public", control.EvAt("policy status: not public", b.PolicyIsPublic.PackedProv()))
		}
	}
	return policyck.WithBucketARN(b, func(arn string) control.Verdict {
		return policyck.NotPublicIn(memo, &b.Meta, b.Policy, arn, "bucket policy")
	})
}

// orPrivate names the canned ACL a bucket without one has.
func orPrivate(acl string) string {
	if acl == "" {
		return "private (none set)"
	}
	return acl
}
