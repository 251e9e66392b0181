// Package dynamodb holds the controls for the customer's duties on DynamoDB
// tables: point-in-time recovery, key choice, deletion protection and
// capacity scaling. It does not read any source.
package dynamodb
