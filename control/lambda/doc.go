// Package lambda holds the controls for the customer's duties on AWS Lambda
// functions: secrets in environment variables, runtime support, exposure by
// function URL and resource policy, network placement, tracing and failure
// handling. It does not read any source.
package lambda
