// Package policy is the `onus policy` verb: `simulate` decides one request
// against a set of IAM policies with the iampolicy engine, `analyze` prints
// the analysis helpers' findings for one policy document. It holds no
// evaluation logic of its own.
package policy
