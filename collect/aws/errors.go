package awscollect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// errTimeout marks a call that ran out of its per-call time budget while the
// scan itself was still alive.
var errTimeout = errors.New("timeout")

// ErrorCode is the smithy API error code of err ("AccessDenied",
// "Throttling", ...), "HTTP <status>" for a bare HTTP failure, "timeout",
// "cancelled", or "" when err carries none of these.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, errTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() != "" {
		return ae.ErrorCode()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != 0 {
		return fmt.Sprintf("HTTP %d", re.HTTPStatusCode())
	}
	return ""
}

// httpStatus is the HTTP status of a failed call, 0 when there was none.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// hasCode reports whether err is an API error with one of the codes.
// Classification is by code only, never by message text.
func hasCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}

// throttleCodes are the codes AWS uses for rate limiting.
var throttleCodes = []string{
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
	"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
	"EC2ThrottledException",
}

func isThrottle(err error) bool { return hasCode(err, throttleCodes...) }

// reason is the UNKNOWN reason for a failed read: the API call, the error
// code, and what kind of failure it was.
func reason(api string, err error) string {
	code := ErrorCode(err)
	switch {
	case code == "timeout":
		return api + ": timeout (per-call time limit reached)"
	case code == "cancelled":
		return api + ": cancelled (scan interrupted before the value was read)"
	case isThrottle(err):
		return api + ": " + code + " (throttled; gave up after retries)"
	case httpStatus(err) >= 500:
		if strings.HasPrefix(code, "HTTP ") {
			return fmt.Sprintf("%s: %s (server error persisted after retries)", api, code)
		}
		return fmt.Sprintf("%s: %s (HTTP %d, server error persisted after retries)", api, code, httpStatus(err))
	case code != "":
		return api + ": " + code + kindHint(code)
	case isHostNotFound(err):
		var dns *net.DNSError
		errors.As(err, &dns)
		return api + ": endpoint " + dns.Name + " does not resolve (the service is not offered in this region, or DNS blocks it)"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return api + ": " + msg
}

// isHostNotFound: the endpoint's name does not exist (NXDOMAIN), as for a
// service AWS does not offer in a region. The SDK does not retry it.
func isHostNotFound(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

func kindHint(code string) string {
	switch code {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
		"AuthorizationError", "AuthorizationErrorException", "Forbidden", "AllAccessDisabled":
		return " (permission denied)"
	case "OptInRequired", "SubscriptionRequiredException", "UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure":
		return " (region or service not enabled for the account)"
	}
	return ""
}
