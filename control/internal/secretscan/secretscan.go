package secretscan

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding is one secret-like value. It never holds the value itself.
type Finding struct {
	// Key is the name the value is stored under, or the token kind found in text.
	Key string
	// Why says which rule matched, without the value.
	Why string
	// Redacted is the first two characters and the length.
	Redacted string
	// Line is the 1-based line within a scanned text (0 for single values).
	Line int
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s = %s: %s", f.Key, f.Redacted, f.Why)
	if f.Line > 0 {
		s = fmt.Sprintf("line %d: %s", f.Line, s)
	}
	return s
}

// Redact shows the first two characters of v and its length, e.g.
// "AK…(20 chars)". Values of four characters or fewer show nothing.
func Redact(v string) string {
	n := utf8.RuneCountInString(v)
	if n <= 4 {
		return fmt.Sprintf("…(%d chars)", n)
	}
	r := []rune(v)
	return fmt.Sprintf("%s…(%d chars)", string(r[:2]), n)
}

// secretWords in a key name mark its value as a credential.
var secretWords = []string{
	"password", "passwd", "passphrase", "secret", "token", "apikey", "api_key", "accesskey",
	"access_key", "privatekey", "private_key", "credential", "auth_key", "authkey",
	"signing_key", "encryption_key", "master_key", "session_key", "client_key",
	"connection_string", "connectionstring", "conn_str", "webhook_url",
}

// secretTokens must match a whole token of the key name (too short to match inside words).
var secretTokens = map[string]bool{"pwd": true, "pass": true, "pw": true, "dsn": true, "psk": true}

// metaTokens as the last token of a key name mean the value is about a
// secret (its name, ARN, length, lifetime), not the secret.
var metaTokens = map[string]bool{
	"arn": true, "name": true, "id": true, "path": true, "param": true, "parameter": true,
	"ref": true, "file": true, "length": true, "len": true, "ttl": true, "expiry": true,
	"expiration": true, "timeout": true, "rotation": true, "policy": true, "enabled": true,
	"enable": true, "type": true, "header": true, "version": true, "region": true,
	"endpoint": true, "prefix": true, "mode": true, "count": true, "size": true,
	"duration": true, "seconds": true, "minutes": true, "days": true, "hours": true,
	"age": true, "algorithm": true, "uri": true, "location": true, "key_id": true,
	"store": true, "secret_id": true, "kms": true, "format": true, "field": true,
}

func tokens(key string) []string {
	k := strings.ToLower(key)
	return strings.FieldsFunc(k, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// aboutMeta reports whether a key name's last token says its value is
// about a secret rather than one. A trailing "default" is passed over: the
// default of a setting is a value of that setting
// (listener_ssl_policy_default holds a policy name).
func aboutMeta(toks []string) bool {
	for len(toks) > 1 && toks[len(toks)-1] == "default" {
		toks = toks[:len(toks)-1]
	}
	return len(toks) > 0 && metaTokens[toks[len(toks)-1]]
}

// SecretKey reports whether a key name says its value is a credential.
func SecretKey(key string) bool {
	toks := tokens(key)
	if len(toks) == 0 {
		return false
	}
	if aboutMeta(toks) {
		return false
	}
	joined := strings.Join(toks, "_")
	flat := strings.Join(toks, "")
	for _, w := range secretWords {
		if strings.Contains(joined, w) || strings.Contains(flat, strings.ReplaceAll(w, "_", "")) {
			return true
		}
	}
	for _, t := range toks {
		if secretTokens[t] {
			return true
		}
	}
	return false
}

var patterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"AWS access key ID", regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`)},
	{"private key", regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----`)},
	{"GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b`)},
	{"Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"Stripe live key", regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{16,}\b`)},
	{"Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{35}\b`)},
	{"JSON web token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	{"password in URL", regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@'"]+:[^/\s@'"$]+@`)},
}

// pattern finds a known token format in v.
func pattern(v string) (string, bool) {
	for _, p := range patterns {
		if p.re.MatchString(v) {
			return p.name, true
		}
	}
	return "", false
}

// IsReference reports whether a value points to a secret kept elsewhere
// (an ARN, a dynamic reference, an interpolation) rather than holding one.
func IsReference(v string) bool {
	s := strings.TrimSpace(v)
	l := strings.ToLower(s)
	switch {
	case strings.HasPrefix(l, "arn:"),
		strings.HasPrefix(l, "{{resolve:"),
		strings.HasPrefix(s, "${"), strings.HasPrefix(s, "$("), strings.HasPrefix(s, "$"),
		strings.HasPrefix(l, "alias/"),
		strings.HasPrefix(l, "/aws/reference/secretsmanager/"),
		strings.HasPrefix(l, "ssm:"), strings.HasPrefix(l, "secretsmanager:"),
		strings.HasPrefix(l, "vault:"):
		return true
	}
	return false
}

// trivial values carry no secret even under a secret-sounding key.
func trivial(v string) bool {
	s := strings.TrimSpace(v)
	if s == "" {
		return true
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "none", "nil", "enabled", "disabled":
		return true
	}
	digits := true
	masked := true
	for _, r := range s {
		if !unicode.IsDigit(r) {
			digits = false
		}
		if r != '*' && r != 'x' && r != 'X' && r != '•' {
			masked = false
		}
	}
	return (digits && len(s) <= 6) || masked
}

// Entropy is the Shannon entropy of s in bits per character.
func Entropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

var tokenChars = regexp.MustCompile(`^[A-Za-z0-9+/=_\-]+$`)

// awsID matches resource ids (subnet-0abc…, ami-…), uuids and hex digests,
// which are random-looking but not secret.
var awsID = regexp.MustCompile(`^(?:[a-z]+-[0-9a-f]{8,17}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]+)$`)

// HighEntropy reports whether v looks like a random token: at least 20
// characters of base64/url-safe alphabet, letters and digits mixed, and at
// least 4.2 bits of entropy per character. Hex strings, uuids and AWS
// resource ids are excluded: they are identifiers far more often than keys.
func HighEntropy(v string) bool {
	s := strings.TrimSpace(v)
	if len(s) < 20 || len(s) > 512 || !tokenChars.MatchString(s) || awsID.MatchString(s) {
		return false
	}
	var letters, digits bool
	for _, r := range s {
		letters = letters || unicode.IsLetter(r)
		digits = digits || unicode.IsDigit(r)
	}
	return letters && digits && Entropy(s) >= 4.2
}

// Check judges one key/value pair. A value is secret-like when it matches a
// known token format, or when it is a non-trivial literal (not a reference)
// stored under a secret-sounding key, or a high-entropy token under any key
// that is not about metadata.
func Check(key, value string) (Finding, bool) {
	if IsReference(value) || trivial(value) {
		return Finding{}, false
	}
	f := Finding{Key: key, Redacted: Redact(value)}
	if name, ok := pattern(value); ok {
		f.Why = "value has the format of a " + name
		return f, true
	}
	if SecretKey(key) {
		f.Why = "key name marks a credential and the value is a literal"
		return f, true
	}
	if HighEntropy(value) {
		if aboutMeta(tokens(key)) {
			return Finding{}, false
		}
		f.Why = fmt.Sprintf("value is a high-entropy token (%.1f bits/char)", Entropy(strings.TrimSpace(value)))
		return f, true
	}
	return Finding{}, false
}

// assignment matches KEY=VALUE, export KEY="VALUE", key: value and
// "key": "value" forms in scripts and config files.
var assignment = regexp.MustCompile(`(?:^|[\s;])(?:export\s+|set\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*(?:=|:)\s*["']?([^"'\s;,}]+)`)

// ScanText looks for secrets in free text such as EC2 user data: known token
// formats anywhere, and assignments whose key or value is secret-like.
func ScanText(text string) []Finding {
	var out []Finding
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if name, ok := pattern(line); ok {
			loc := patternLoc(line)
			out = append(out, Finding{Key: name, Why: "text has the format of a " + name, Redacted: Redact(loc), Line: n})
			continue
		}
		for _, m := range assignment.FindAllStringSubmatch(line, -1) {
			if f, ok := Check(m[1], m[2]); ok {
				f.Line = n
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func patternLoc(line string) string {
	for _, p := range patterns {
		if m := p.re.FindString(line); m != "" {
			return m
		}
	}
	return line
}

// IsLiteral reports whether v is a non-trivial literal: not empty, not a
// boolean or short number, not masked, and not a reference to a secret
// kept elsewhere.
func IsLiteral(v string) bool { return !IsReference(v) && !trivial(v) }
