package policyck

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/model/s3"
)

// BucketARN is the bucket's ARN: known, from its name, or from the
// policy's own S3 resources when the name is computed.
func BucketARN(b *s3.Bucket) string {
	if b.ARN != "" {
		return b.ARN
	}
	if n, ok := b.Name.Get(); ok && n != "" {
		return "arn:aws:s3:::" + n
	}
	if p, ok := b.Policy.Get(); ok && p != nil {
		for _, st := range p.Statements {
			for _, r := range st.Resource {
				if strings.HasPrefix(r, "arn:aws:s3:::") {
					name := strings.TrimPrefix(r, "arn:aws:s3:::")
					if i := strings.IndexByte(name, '/'); i >= 0 {
						name = name[:i]
					}
					if name != "" && (!strings.ContainsAny(name, "*?$") || onePlaceholder(name)) {
						return "arn:aws:s3:::" + name
					}
				}
			}
		}
	}
	return ""
}

// onePlaceholder reports whether name is a single placeholder such as
// ${Bucket} (a CloudFormation bucket whose name is generated at deploy
// time): one concrete string, which a bucket policy can only use for its
// own bucket (S3 refuses a policy whose Resource names another bucket). A
// policy variable (${aws:username}, with one colon) is not a placeholder.
func onePlaceholder(name string) bool {
	if !strings.HasPrefix(name, "${") || !strings.HasSuffix(name, "}") {
		return false
	}
	inner := name[2 : len(name)-1]
	if inner == "" || strings.ContainsAny(inner, "${}*?") {
		return false
	}
	return !strings.Contains(inner, ":") || strings.Contains(inner, "::")
}

// WithBucketARN judges the bucket with f given its ARN (BucketARN); when
// no ARN can be made, the verdict is UNKNOWN naming what is missing,
// except that a bucket with no policy is judged under a stand-in name,
// since no policy verdict depends on it.
func WithBucketARN(b *s3.Bucket, f func(arn string) control.Verdict) control.Verdict {
	arn := BucketARN(b)
	if arn == "" {
		p, ok := b.Policy.Get()
		switch {
		case ok && p == nil:
			// No policy: the verdict does not depend on the name.
			return f("arn:aws:s3:::onus-unnamed-bucket")
		case !ok:
			// The policy itself is what is missing, whatever the name.
			return ck.Unknown(b.Policy, "bucket policy")
		}
		return ck.Unknown(b.Name, "bucket name")
	}
	return f(arn)
}
