package ctest

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// At is the provenance test values carry.
var at = source.At(source.Loc{File: "main.tf", Start: source.Pos{Line: 1, Column: 1}, End: source.Pos{Line: 9, Column: 2}})

// K is a known value from code.
func K[T any](v T) source.Value[T] { return source.Known(v, at) }

// U is an unknown value with a reason.
func U[T any](reason string) source.Value[T] { return source.Unknown[T](reason, at) }

// TF is the header of a Terraform resource.
func TF(typ, name string) base.Meta {
	return base.Meta{Type: typ, Address: typ + "." + name, Source: source.Terraform,
		Loc: source.Loc{File: "main.tf", Start: source.Pos{Line: 1, Column: 1}}}
}

// CFN is the header of a CloudFormation resource.
func CFN(typ, logical string) base.Meta {
	return base.Meta{Type: typ, Address: logical, Source: source.CloudFormation,
		Loc: source.Loc{File: "template.yaml", Start: source.Pos{Line: 1, Column: 1}}}
}

// Live is the header of a resource read from the AWS API.
func Live(typ, arn string) base.Meta {
	return base.Meta{Type: typ, Address: arn, ARN: arn, Region: "eu-west-1", Account: "111122223333",
		Source: source.AWS, Origin: base.LiveOrigin(source.Origin{ARN: arn, APICall: "Describe"})}
}
