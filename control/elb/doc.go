// Package elb holds the controls for the customer's duties on Elastic Load
// Balancing: encrypted listeners, current TLS policies, access logs, WAF in
// front of public ALBs, header hygiene and deletion protection. It does not
// read any source.
package elb
