// Package terraform reads Terraform configurations (HCL, evaluated the way
// Terraform plans them: variables, locals, count/for_each, modules,
// functions) and plan JSON into the typed model, with file:line provenance
// for every value. It does not run Terraform, download modules or providers,
// or judge anything: values Terraform would only know after apply stay
// UNKNOWN (computed ids keep a symbolic reference so split resources join).
package terraform
