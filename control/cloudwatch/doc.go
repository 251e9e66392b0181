// Package cloudwatch holds the monitoring controls: every CIS metric
// filter and alarm recommendation (judged by evaluating the parsed filter
// pattern on sample CloudTrail events, then following filter → metric →
// alarm → SNS topic → subscriber), a billing alarm, and log group retention
// and encryption. It judges the model; it reads no source.
package cloudwatch
