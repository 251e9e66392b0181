// Package fix implements `onus fix`: for FAIL results on Terraform code whose
// remedy is one attribute (storage_encrypted = true, metadata_options
// { http_tokens = "required" }, ...), it edits the user's file with hclwrite,
// keeping formatting and comments, and prints a unified diff (--dry-run) or
// writes the change. It does not fix CloudFormation, live resources, values
// that come from variables, or anything needing more than one attribute.
package fix
