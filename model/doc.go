// Package model is the typed, source-independent picture of an AWS estate:
// one Estate holding the resources of every service, whatever read them
// (Terraform, CloudFormation, a live account or a snapshot). It holds data
// only; judgements live in control/.
package model
