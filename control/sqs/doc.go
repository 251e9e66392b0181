// Package sqs holds the controls for the customer's duties on SQS queues:
// encryption at rest and queue policies that are not public. It does not
// read any source.
package sqs
