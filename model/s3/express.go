package s3

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// MultiRegionAccessPoint is an S3 Multi-Region Access Point: one global
// endpoint routing to buckets in several regions, with its own public
// access block (fixed at creation).
type MultiRegionAccessPoint struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// PublicAccessBlock of the access point; AWS turns all four switches
	// on unless the creation request says otherwise.
	PublicAccessBlock source.Value[*PublicAccessBlock] `json:"public_access_block"`
}

// DirectoryBucket is an S3 Express One Zone directory bucket.
type DirectoryBucket struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// Lifecycle: at least one enabled lifecycle rule is configured.
	Lifecycle source.Value[bool] `json:"lifecycle"`
}
