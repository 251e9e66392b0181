// Package awscollect reads a live AWS account into the typed model with
// read-only calls on aws-sdk-go-v2: one narrow client interface per service,
// SDK paginators, bounded concurrency and adaptive retries. Every failed read
// becomes UNKNOWN on exactly the values it would have provided. It never
// logs, prints or writes to AWS; it does not judge what it reads (controls do).
package awscollect
