// Package cloudtrail holds the CloudTrail controls: an account-wide
// multi-region trail, and per trail log validation, encryption, CloudWatch
// Logs delivery, bucket exposure and S3 data events. It does not read any
// source; it judges the model.
package cloudtrail
