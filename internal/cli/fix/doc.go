// Package fix implements `onus fix`: for FAIL results on Terraform or
// CloudFormation code whose remedy is one attribute (storage_encrypted =
// true, StorageEncrypted: true, ...), it edits the user's file, keeping
// formatting and comments (hclwrite on the resource block for Terraform,
// byte-level edits located through the YAML node tree for templates), and
// prints a unified diff (--dry-run) or writes the change. It does not fix
// live resources, values that come from variables, parameters or intrinsic
// functions, or anything needing more than one attribute.
package fix
