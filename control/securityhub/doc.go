// Package securityhub holds the Security Hub control: enabled in every
// region (CIS 5.16). It judges the model; it reads no source.
package securityhub
