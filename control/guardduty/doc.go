// Package guardduty holds the GuardDuty control: threat detection enabled
// in every region. It judges the model; it reads no source.
package guardduty
