package cloudformation

import "testing"

// User data built by Fn::Sub / Fn::Join with unknown parts stays unknown,
// with its literal text kept for the secret scan.
func TestPartialUserData(t *testing.T) {
	const head = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Pw:
    Type: String
  Env:
    Type: String
    Default: prod
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres}
  I:
    Type: AWS::EC2::Instance
    Properties:
      UserData:
`
	cases := []struct{ name, ud, want string }{
		{"sub with a runtime attribute", `        Fn::Base64: !Sub |
          #!/bin/bash
          export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
          export DB=${Db.Endpoint.Address}-${Env}
`, "#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport DB=${Db.Endpoint.Address}-prod\n"},
		{"join with a parameter without value", `        Fn::Base64: !Join ["", ["PW=", !Ref Pw, "\nK=v\n"]]
`, "PW=${Pw}\nK=v\n"},
		{"wholly unknown", `        Fn::Base64: !Ref Pw
`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", head+c.ud, Options{})
			for _, x := range d {
				t.Logf("diag %v", x)
			}
			in := e.EC2Instances[0]
			if v, ok := in.UserData.Get(); ok {
				t.Fatalf("user data known: %q", v)
			}
			got, ok := in.UserDataPartial.Get()
			if c.want == "" {
				if ok {
					t.Fatalf("partial %q, want none", got)
				}
				return
			}
			if got != c.want {
				t.Fatalf("partial %q, want %q", got, c.want)
			}
		})
	}
}

// A short-form tag over a long-form call (`UserData: !Base64` with
// `Fn::Sub:` on the next line) is a valid template: it reads as the call,
// with no diagnostic, and its text reaches the secret scan.
func TestShortTagOverLongFormCall(t *testing.T) {
	const src = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  I:
    Type: AWS::EC2::Instance
    Properties:
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          echo ${Env} > /etc/env
`
	e, d := loadString(t, "t.yaml", src, Options{})
	if len(d) != 0 {
		t.Fatalf("diagnostics on a valid template: %v", d)
	}
	got, ok := e.EC2Instances[0].UserData.Get()
	if !ok || got != "#!/bin/bash\necho prod > /etc/env\n" {
		t.Fatalf("user data %q (known %v, %s)", got, ok, e.EC2Instances[0].UserData.Reason())
	}
}
