package elb

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/elb"
)

// certKind classifies a listener certificate reference (see
// elb.Listener.Certificate): "acm", "iam", or "" when it cannot be told.
func certKind(c string) string {
	switch {
	case strings.HasPrefix(c, "arn:") && strings.Contains(c, ":acm:"),
		strings.HasPrefix(c, "aws_acm_certificate."), strings.HasPrefix(c, "AWS::CertificateManager::Certificate "):
		return "acm"
	case strings.HasPrefix(c, "arn:") && strings.Contains(c, ":iam:") && strings.Contains(c, ":server-certificate/"),
		strings.HasPrefix(c, "aws_iam_server_certificate."), strings.HasPrefix(c, "AWS::IAM::ServerCertificate "):
		return "iam"
	}
	return ""
}

func acmCertificate() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-011", Title: "Classic Load Balancers use certificates from AWS Certificate Manager", Severity: control.Medium,
		Service: "elb", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("ELB.2"), fw.InTransit(), fw.KeyMgmt()),
		Rationale: "ACM renews the certificates it issues and keeps their private keys out of the customer's " +
			"hands; certificates uploaded to IAM expire unless someone remembers to replace them, and their " +
			"keys have lived on someone's machine.",
		Checked: "The certificate of every HTTPS and SSL listener of every classic load balancer: an ACM " +
			"certificate (arn:aws:acm:..., aws_acm_certificate, AWS::CertificateManager::Certificate) passes; an " +
			"IAM server certificate fails. UNKNOWN when the certificate reference is unresolved or names " +
			"neither kind. Classic load balancers without HTTPS/SSL listeners and other load balancer types are " +
			"not applicable.",
		Remediation: control.Remediation{
			Summary: "Request or import the certificate in ACM and set it on the listener.",
			Terraform: "resource \"aws_elb\" \"web\" {\n  listener {\n    lb_port            = 443\n    lb_protocol        = \"https\"\n" +
				"    instance_port      = 8080\n    instance_protocol  = \"http\"\n    ssl_certificate_id = aws_acm_certificate.web.arn\n  }\n}",
			CloudFormation: "Elb:\n  Type: AWS::ElasticLoadBalancing::LoadBalancer\n  Properties:\n    Listeners:\n      - LoadBalancerPort: \"443\"\n" +
				"        Protocol: HTTPS\n        InstancePort: \"8080\"\n        InstanceProtocol: HTTP\n        SSLCertificateId: !Ref WebCertificate",
			CLI: "aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name web --load-balancer-port 443 " +
				"--ssl-certificate-id arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-0123-0123-0123456789ab",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				return onlyTypes(lb, []string{"classic"}, func() control.Verdict { return acmVerdict(lb) })
			})
		},
	}
}

func acmVerdict(lb *elb.LoadBalancer) control.Verdict {
	ls, ok := lb.Listeners.Get()
	if !ok {
		return ck.Unknown(lb.Listeners, "listeners")
	}
	var vs []control.Verdict
	for _, l := range ls {
		if l.ProtocolUnknown != "" {
			vs = append(vs, ck.V(control.Unknown, l.Name()+" may be HTTPS or SSL: its protocol is unknown ("+l.ProtocolUnknown+")", l.Prov))
			continue
		}
		p := strings.ToUpper(l.Protocol)
		if p != "HTTPS" && p != "SSL" {
			continue
		}
		name := l.Name()
		c, ok := l.Certificate.Get()
		switch {
		case !ok:
			vs = append(vs, ck.Unknown(l.Certificate, "the certificate of "+name))
		case certKind(c) == "acm":
			vs = append(vs, ck.Pass(name+" uses ACM certificate "+c, l.Prov))
		case certKind(c) == "iam":
			vs = append(vs, ck.Fail(name+" uses IAM server certificate "+c+", not one from ACM", l.Prov))
		case c == "":
			vs = append(vs, control.Verdict{Outcome: control.Unknown, Reason: name + " names no certificate",
				Evidence: []control.Evidence{control.Ev(name, l.Prov)}})
		default:
			vs = append(vs, control.Verdict{Outcome: control.Unknown, Reason: name + ": cannot tell whether certificate " + c + " is from ACM",
				Evidence: []control.Evidence{control.Ev(name, l.Prov)}})
		}
	}
	if len(vs) == 0 {
		return ck.NA("the classic load balancer has no HTTPS or SSL listener")
	}
	return control.Combine(vs...)
}
