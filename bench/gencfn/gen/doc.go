// Package gen writes synthetic CloudFormation templates for the loader
// benchmark: mixes of resource types, parameters, conditions and intrinsic
// functions. It is benchmark tooling, not a template library.
package gen
