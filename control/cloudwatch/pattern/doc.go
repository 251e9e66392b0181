// Package pattern parses CloudWatch Logs JSON filter patterns
// ({ ($.eventName = X) || ($.errorCode = "*Denied") && $.x NOT EXISTS }) into
// an AST and evaluates them against JSON log events, so controls can judge
// what a metric filter matches rather than how it is spelled. Space-
// delimited and plain-term patterns are rejected with an error; they cannot
// select CloudTrail fields.
package pattern
