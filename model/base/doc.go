// Package base holds what every modelled resource carries: its identity,
// where it was read from, and its tags. It is a leaf package so that every
// service model can import it.
package base
