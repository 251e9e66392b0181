package elb

import (
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model/elb"
)

func acmCases() []ctest.Case {
	cert := func(proto string, port int, c string) elb.Listener {
		return elb.Listener{Port: port, Protocol: proto, Certificate: ctest.K(c)}
	}
	acmARN := "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-0123-0123-0123456789ab"
	iamARN := "arn:aws:iam::111122223333:server-certificate/web-2019"
	return []ctest.Case{
		{Name: "acm arn", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("HTTPS", 443, acmARN), plain)), Want: pass},
		{Name: "acm resource", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("SSL", 443, "aws_acm_certificate.web"))), Want: pass},
		{Name: "cfn acm resource", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("HTTPS", 443, "AWS::CertificateManager::Certificate WebCert"))), Want: pass},
		{Name: "iam arn", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("HTTPS", 443, iamARN))), Want: fail, Reason: "IAM server certificate"},
		{Name: "iam beats acm", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("HTTPS", 443, acmARN), cert("SSL", 8443, "aws_iam_server_certificate.old"))), Want: fail},
		{Name: "variable", Control: "ONUS-ELB-011", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS",
			Certificate: ctest.U[string]("var.cert_arn has no value")})), Want: unk, Reason: "var.cert_arn"},
		{Name: "parameter of unknown kind", Control: "ONUS-ELB-011", Estate: lb("classic", ls(cert("HTTPS", 443, "CertArnParam"))), Want: unk},
		{Name: "listeners unknown", Control: "ONUS-ELB-011", Estate: lb("classic", func(*elb.LoadBalancer) {}), Want: unk},
		{Name: "http only", Control: "ONUS-ELB-011", Estate: lb("classic", ls(plain)), Want: na},
		{Name: "protocol unresolved", Control: "ONUS-ELB-011", Estate: lb("classic", ls(plain, elb.Listener{Port: 443, ProtocolUnknown: "Protocol: !ImportValue p",
			Certificate: ctest.K(acmARN)})), Want: unk, Reason: "may be HTTPS or SSL: its protocol is unknown"},
		{Name: "alb", Control: "ONUS-ELB-011", Estate: lb("application", ls(https)), Want: na},
	}
}
