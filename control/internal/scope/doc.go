// Package scope holds the small judgements shared by the account-wide
// controls: whether a resource came from code or a live read, which header an
// account-wide result hangs on, and which regions a region-wide duty covers.
// It holds no controls and reads no source.
package scope
