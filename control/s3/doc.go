// Package s3 holds the controls for the customer's duties on S3 buckets:
// encryption, transport security, public access (blocks, ACLs, policies),
// logging, versioning and data lifecycle. It does not read any source.
package s3
