// Package config holds the AWS Config controls: a recorder recording all
// resource types in every region, global types, delivery channels, the
// service-linked role, and the S3 encryption rule or a conformance pack. It
// judges the model; it reads no source.
package config
