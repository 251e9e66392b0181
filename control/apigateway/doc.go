// Package apigateway holds the controls on API Gateway REST API stages: the
// customer's side of a managed API (who may reach it through WAF, what is
// logged, how the backend authenticates it). It does not judge the API's
// own authorizers or the integrations behind it.
package apigateway
