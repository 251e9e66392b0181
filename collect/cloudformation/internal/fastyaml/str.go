package fastyaml

import "strings"

// Interning bounds: a Parser keeps at most internBytes of text in its
// table, in strings of at most internMaxLen bytes (longer ones, user data
// and descriptions, rarely repeat).
const (
	internBytes  = 1 << 20
	internMaxLen = 96
)

// str copies s (a substring of the input, or of the scratch buffer) for a
// node; no node may point into either. Templates repeat most of their
// strings (keys, types, actions, references, names shared between
// templates), so a repeated string is the one copy the Parser made before:
// its templates' nodes, and the model built from them, share it.
func (p *parser) str(s string) string {
	if c := constant(s); c != "" || s == "" {
		return c
	}
	if len(s) > internMaxLen {
		return strings.Clone(s)
	}
	m := p.mem.intern
	if c, ok := m[s]; ok {
		return c
	}
	c := strings.Clone(s)
	if p.mem.interned+len(c) <= internBytes {
		if m == nil {
			m = make(map[string]string, 1024)
			p.mem.intern = m
		}
		m[c] = c
		p.mem.interned += len(c)
	}
	return c
}

// constant is the shared constant for the words templates repeat most,
// "" for any other.
func constant(s string) string {
	switch s {
	case "Type":
		return "Type"
	case "Properties":
		return "Properties"
	case "Ref":
		return "Ref"
	case "Condition":
		return "Condition"
	case "Conditions":
		return "Conditions"
	case "DependsOn":
		return "DependsOn"
	case "Description":
		return "Description"
	case "Default":
		return "Default"
	case "Value":
		return "Value"
	case "Key":
		return "Key"
	case "Tags":
		return "Tags"
	case "Name":
		return "Name"
	case "Export":
		return "Export"
	case "Outputs":
		return "Outputs"
	case "Parameters":
		return "Parameters"
	case "Resources":
		return "Resources"
	case "Mappings":
		return "Mappings"
	case "Metadata":
		return "Metadata"
	case "String":
		return "String"
	case "Number":
		return "Number"
	case "AllowedValues":
		return "AllowedValues"
	case "NoEcho":
		return "NoEcho"
	case "true":
		return "true"
	case "false":
		return "false"
	case "Version":
		return "Version"
	case "2012-10-17":
		return "2012-10-17"
	case "Statement":
		return "Statement"
	case "Effect":
		return "Effect"
	case "Allow":
		return "Allow"
	case "Deny":
		return "Deny"
	case "Action":
		return "Action"
	case "Resource":
		return "Resource"
	case "Principal":
		return "Principal"
	case "Service":
		return "Service"
	case "AWS":
		return "AWS"
	case "Sid":
		return "Sid"
	case "PolicyName":
		return "PolicyName"
	case "PolicyDocument":
		return "PolicyDocument"
	case "Policies":
		return "Policies"
	case "*":
		return "*"
	case "!Ref":
		return "!Ref"
	case "!Sub":
		return "!Sub"
	case "!GetAtt":
		return "!GetAtt"
	case "!If":
		return "!If"
	case "!Join":
		return "!Join"
	case "!Select":
		return "!Select"
	case "!Split":
		return "!Split"
	case "!Equals":
		return "!Equals"
	case "!And":
		return "!And"
	case "!Or":
		return "!Or"
	case "!Not":
		return "!Not"
	case "!FindInMap":
		return "!FindInMap"
	case "!Base64":
		return "!Base64"
	case "!ImportValue":
		return "!ImportValue"
	case "!GetAZs":
		return "!GetAZs"
	case "!Cidr":
		return "!Cidr"
	case "!Condition":
		return "!Condition"
	case "!Transform":
		return "!Transform"
	case "Fn::Sub":
		return "Fn::Sub"
	case "Fn::GetAtt":
		return "Fn::GetAtt"
	case "Fn::If":
		return "Fn::If"
	case "Fn::Join":
		return "Fn::Join"
	case "Fn::Select":
		return "Fn::Select"
	case "Fn::Split":
		return "Fn::Split"
	case "Fn::Equals":
		return "Fn::Equals"
	case "Fn::FindInMap":
		return "Fn::FindInMap"
	case "Fn::ImportValue":
		return "Fn::ImportValue"
	case "Fn::Base64":
		return "Fn::Base64"
	case "Fn::GetAZs":
		return "Fn::GetAZs"
	case "AWS::Region":
		return "AWS::Region"
	case "AWS::AccountId":
		return "AWS::AccountId"
	case "AWS::Partition":
		return "AWS::Partition"
	case "AWS::StackName":
		return "AWS::StackName"
	case "AWS::NoValue":
		return "AWS::NoValue"
	case "AWS::URLSuffix":
		return "AWS::URLSuffix"
	case "Arn":
		return "Arn"
	}
	return ""
}
