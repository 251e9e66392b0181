// Package apigateway models API Gateway REST API stages: the deployed,
// callable face of an API, with its WAF association and logging.
package apigateway

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Stage is one stage of a REST API.
type Stage struct {
	base.Meta
	APIID   source.Value[string] `json:"rest_api_id"`
	APIName source.Value[string] `json:"rest_api_name"`
	Name    source.Value[string] `json:"stage_name"`
	// WebACL is the associated WAFv2 web ACL; known "" = none.
	WebACL source.Value[string] `json:"web_acl"`
	// AccessLogs: access logging to a destination is configured.
	AccessLogs source.Value[bool] `json:"access_logs"`
	// ClientCertificate: a client certificate for backend authentication
	// is set; known "" = none.
	ClientCertificate source.Value[string] `json:"client_certificate"`
}
