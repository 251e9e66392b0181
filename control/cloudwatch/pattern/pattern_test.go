package pattern

import (
	"encoding/json"
	"strings"
	"testing"
)

func event(t testing.TB, js string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMatch(t *testing.T) {
	login := `{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"},"userIdentity":{"type":"IAMUser"},"responseElements":{"ConsoleLogin":"Success"},"count":3,"ok":true,"n":null,"list":[{"a":"x"}]}`
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") }`, true},
		{`{($.additionalEventData.MFAUsed!="Yes")&&($.eventName="ConsoleLogin")}`, true},
		{`{ $.eventName = "Console*" }`, true},
		{`{ $.eventName = "consolelogin" }`, false},
		{`{ $.eventName = %^Console(Login|Logout)$% }`, true},
		{`{ $.additionalEventData.MFAUsed = "Yes" }`, false},
		{`{ $.missing != "Yes" }`, false},
		{`{ $.missing NOT EXISTS }`, true},
		{`{ $.eventName not exists }`, false},
		{`{ $.n IS NULL }`, true},
		{`{ $.ok IS TRUE }`, true},
		{`{ $.ok IS FALSE }`, false},
		{`{ $.count >= 3 && $.count < 4 }`, true},
		{`{ $.count = 3 }`, true},
		{`{ $.count > 3 }`, false},
		{`{ $.list[0].a = x }`, true},
		{`{ $.list[1].a = x }`, false},
		{`{ $.eventName = A || $.eventName = ConsoleLogin && $.userIdentity.type = Root }`, false},
		{`{ ($.eventName = A || $.eventName = ConsoleLogin) && $.userIdentity.type = IAMUser }`, true},
		{`{ $.eventName = ConsoleLogin || $.eventName = A && $.userIdentity.type = Root }`, true},
	}
	ev := event(t, login)
	for _, c := range cases {
		e, err := Parse(c.pattern)
		if err != nil {
			t.Errorf("%s: %v", c.pattern, err)
			continue
		}
		if got := e.Match(ev); got != c.want {
			t.Errorf("%s (%s): got %v want %v", c.pattern, e, got, c.want)
		}
		// The printed form parses back to an equivalent expression.
		back, err := Parse("{" + e.String() + "}")
		if err != nil {
			t.Errorf("reparse %s: %v", e, err)
		} else if back.Match(ev) != c.want {
			t.Errorf("reparse of %s changed meaning", e)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{
		``, `ERROR`, `[ip, user]`, `{`, `{ }`, `{ $.a = }`, `{ $.a }`, `{ a = b }`, `{ $. = b }`, `{ $.a = "x }`,
		`{ ($.a = b }`, `{ $.a = b } x`, `{ $.a < abc }`, `{ $.a = %[% }`, `{ $.a[x] = 1 }`, `{ $.a = b && }`,
		`{` + strings.Repeat("(", 200) + `$.a = b` + strings.Repeat(")", 200) + `}`,
	} {
		if _, err := Parse(s); err == nil {
			t.Errorf("%q: want error", s)
		} else if !strings.Contains(err.Error(), "offset") {
			t.Errorf("%q: error without offset: %v", s, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") }`,
		`{($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket")}`,
		`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
		`{ $.a[0].b >= 1.5 || $.c IS NULL || $.d = %ab+c% }`,
		`{ $.x = "esc\"aped" }`, `[a, b]`, `{`, `{(((`,
	} {
		f.Add(s)
	}
	ev := map[string]any{"eventName": "ConsoleLogin", "a": []any{map[string]any{"b": 2.0}}, "c": nil}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			return
		}
		got := e.Match(ev)
		back, err := Parse("{" + e.String() + "}")
		if err != nil {
			t.Fatalf("printed form %q of %q does not parse: %v", e.String(), s, err)
		}
		if back.Match(ev) != got {
			t.Fatalf("printed form %q of %q changed meaning", e.String(), s)
		}
	})
}
