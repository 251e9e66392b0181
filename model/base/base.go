package base

import (
	"github.com/onus-sec/onus/source"
)

// Meta identifies one resource and where it came from.
type Meta struct {
	// Type is the resource type as its source names it: "aws_s3_bucket",
	// "AWS::S3::Bucket"; live collectors use the CloudFormation name.
	Type string `json:"type"`
	// Address is the Terraform address, CloudFormation logical id, or ARN/id for live.
	Address string `json:"address"`
	// ARN when known (live, or computed from a literal name).
	ARN     string      `json:"arn,omitempty"`
	Account string      `json:"account,omitempty"`
	Region  string      `json:"region,omitempty"`
	Source  source.Kind `json:"source"`
	// Loc is the whole block that declares the resource (code sources).
	Loc source.Loc `json:"loc,omitzero"`
	// Origin is the API call that listed the resource (live); nil for code
	// sources. A pointer: an Origin is 64 bytes and a code estate has tens
	// of thousands of headers without one. Make it with LiveOrigin, read it
	// with OriginOf.
	Origin *source.Origin                  `json:"origin,omitzero"`
	Tags   source.Value[map[string]string] `json:"tags"`
	// Module is the Terraform module path ("" for root) or the CloudFormation stack/template.
	Module string `json:"module,omitempty"`
	// Ignores are inline suppressions written next to the resource in code.
	Ignores []Ignore `json:"ignores,omitempty"`

	// DefaultResource marks a resource AWS creates in every region (default
	// VPC, security group, network ACL...) that nothing uses; control.Run
	// sets it from Estate.UnusedDefaults so reports can group such results.
	// Not part of a snapshot: it is judged again on every scan.
	DefaultResource bool `json:"-"`
}

// Ignore is an inline suppression found in code (`# onus:ignore:ID reason`
// in Terraform, Metadata.onus.ignore in CloudFormation).
type Ignore struct {
	Control string `json:"control"`
	Reason  string `json:"reason"`
	// Expires is the last day the ignore applies (YYYY-MM-DD or RFC 3339),
	// as written; empty means it never expires.
	Expires string     `json:"expires,omitempty"`
	Loc     source.Loc `json:"loc,omitzero"`
}

// M returns the meta itself; it lets generic code reach the header of any resource.
func (m *Meta) M() *Meta { return m }

// Resource is implemented by every modelled resource through its embedded Meta.
type Resource interface{ M() *Meta }

// Prov is the provenance of the resource block itself.
func (m *Meta) Prov() source.Prov { return source.Prov{Loc: m.Loc, Origin: m.OriginOf()} }

// OriginOf is the API call that listed the resource; zero for code sources.
func (m *Meta) OriginOf() source.Origin {
	if m.Origin == nil {
		return source.Origin{}
	}
	return *m.Origin
}

// LiveOrigin is o for Meta.Origin: nil when o is zero, so a header without
// an origin marshals as before (no "origin" key).
func LiveOrigin(o source.Origin) *source.Origin {
	if o.IsZero() {
		return nil
	}
	return &o
}

// PortRange is an inclusive port range; All means every port (protocol -1 or 0-65535).
type PortRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Covers reports whether port p is in the range.
func (r PortRange) Covers(p int) bool { return p >= r.From && p <= r.To }
