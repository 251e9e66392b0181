// Package responsibility is the AWS shared responsibility catalogue as data
// (per service: service model, owner of each layer, AWS attestation
// programs) and the builder of the responsibility matrix for one estate.
// It judges nothing itself: customer cells are counted from control results.
package responsibility
