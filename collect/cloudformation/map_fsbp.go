package cloudformation

import (
	"strconv"
	"strings"

	"github.com/onus-sec/onus/model/dynamodb"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

// Resources added for FSBP controls (launch templates, transit gateways,
// DAX, S3 and EFS access points, SSM documents). Absent properties take the
// CloudFormation default, as everywhere in this package.

// boolAt reads an optional boolean inside a list element: absent gives def
// at the element.
func (c *rctx) boolAt(v *val, def bool, path ...any) source.Value[bool] {
	x := walk(v, path...)
	if x == nil {
		if v != nil {
			return known(c, def, v.loc)
		}
		return source.KnownAt(def, c.site())
	}
	return c.boolean(x)
}

func (b *builder) launchTemplate(c *rctx) {
	lt := &ec2.LaunchTemplate{Meta: c.meta}
	lt.Name = c.strOrUnknown("LaunchTemplateName not set: CloudFormation generates it at deploy time", "LaunchTemplateName")
	data := []any{"LaunchTemplateData"}

	lt.PublicIPInterfaces = func() source.Value[[]string] {
		nis, unk := c.items(append(data, "NetworkInterfaces")...)
		if unk != nil {
			return unknownAt[[]string](c, unk.s, unk.loc)
		}
		pub := []string{}
		for i, ni := range nis {
			v := c.boolAt(ni, false, "AssociatePublicIpAddress")
			on, ok := v.Get()
			if !ok {
				return source.Unknown[[]string]("AssociatePublicIpAddress: "+v.Reason(), v.Prov())
			}
			if on {
				idx, _ := c.intOr(i, append(data, "NetworkInterfaces", i, "DeviceIndex")...).Get()
				pub = append(pub, "DeviceIndex "+strconv.Itoa(idx))
			}
		}
		return source.KnownAt(pub, c.site())
	}()

	// Without MetadataOptions the template leaves IMDS to the AMI and
	// account defaults, which the template does not show: "".
	lt.HTTPTokens = c.strOr("", append(data, "MetadataOptions", "HttpTokens")...)

	lt.UnencryptedVolumes = func() source.Value[[]string] {
		ms, unk := c.items(append(data, "BlockDeviceMappings")...)
		if unk != nil {
			return unknownAt[[]string](c, unk.s, unk.loc)
		}
		bad := []string{}
		for _, m := range ms {
			ebs := walk(m, "Ebs")
			if ebs == nil {
				continue // instance store or NoDevice
			}
			v := c.boolAt(ebs, false, "Encrypted")
			enc, ok := v.Get()
			if !ok {
				return source.Unknown[[]string]("Encrypted: "+v.Reason(), v.Prov())
			}
			if !enc {
				dev := c.text(walk(m, "DeviceName"))
				if dev == "" {
					dev = "?"
				}
				bad = append(bad, dev)
			}
		}
		return source.KnownAt(bad, c.site())
	}()
	b.est.LaunchTemplates = append(b.est.LaunchTemplates, lt)
	b.byID[c.r.id] = lt
}

func (b *builder) transitGateway(c *rctx) {
	tg := &ec2.TransitGateway{Meta: c.meta}
	tg.AutoAcceptSharedAttachments = source.Map(c.strOr("disable", "AutoAcceptSharedAttachments"),
		func(s string) bool { return strings.EqualFold(s, "enable") })
	b.est.TransitGateways = append(b.est.TransitGateways, tg)
	b.byID[c.r.id] = tg
}

func (b *builder) dax(c *rctx) {
	d := &dynamodb.DAXCluster{Meta: c.meta}
	d.Name = c.strOrUnknown("ClusterName not set: CloudFormation generates it at deploy time", "ClusterName")
	d.SSE = c.boolOr(false, "SSESpecification", "SSEEnabled")
	d.EndpointEncryption = c.strOr("NONE", "ClusterEndpointEncryptionType")
	b.est.DAXClusters = append(b.est.DAXClusters, d)
	b.byID[c.r.id] = d
}

func (b *builder) s3AccessPoint(c *rctx) {
	ap := &s3.AccessPoint{Meta: c.meta}
	ap.Name = c.strOrUnknown("Name not set: CloudFormation generates it at deploy time", "Name")
	ap.Bucket = c.strOrUnknown("Bucket not set", "Bucket")
	// Access points block all public access unless the configuration says
	// otherwise; each absent setting defaults to true.
	pab := c.get("PublicAccessBlockConfiguration")
	switch {
	case pab != nil && pab.k == kUnknown:
		ap.PublicAccessBlock = unknownAt[*s3.PublicAccessBlock](c, pab.s, pab.loc)
	default:
		p := c.prov()
		if pab != nil {
			p = source.At(pab.loc)
		}
		ap.PublicAccessBlock = source.Known(&s3.PublicAccessBlock{
			BlockPublicACLs:       c.boolOr(true, "PublicAccessBlockConfiguration", "BlockPublicAcls"),
			IgnorePublicACLs:      c.boolOr(true, "PublicAccessBlockConfiguration", "IgnorePublicAcls"),
			BlockPublicPolicy:     c.boolOr(true, "PublicAccessBlockConfiguration", "BlockPublicPolicy"),
			RestrictPublicBuckets: c.boolOr(true, "PublicAccessBlockConfiguration", "RestrictPublicBuckets"),
			Prov:                  source.Pack(p)}, p)
	}
	// Without VpcConfiguration the access point takes requests from the
	// internet.
	switch vc := c.get("VpcConfiguration"); {
	case vc == nil:
		ap.NetworkOrigin = source.KnownAt("Internet", c.site())
	case vc.k == kUnknown:
		ap.NetworkOrigin = unknownAt[string](c, vc.s, vc.loc)
	default:
		ap.NetworkOrigin = known(c, "VPC", vc.loc)
		ap.VPCID, _ = c.str(walk(vc, "VpcId")).Get()
	}
	b.est.S3AccessPoints = append(b.est.S3AccessPoints, ap)
	b.byID[c.r.id] = ap
}

// ssmDocument: AWS::SSM::Document has no sharing property, so a document
// the template creates is private until someone shares it outside the
// template (which live scans see).
func (b *builder) ssmDocument(c *rctx) {
	d := &ssm.Document{Meta: c.meta}
	d.Name = c.strOrUnknown("Name not set: CloudFormation generates it at deploy time", "Name")
	d.SharedWith = source.KnownAt([]string{}, c.site())
	b.est.SSMDocuments = append(b.est.SSMDocuments, d)
	b.byID[c.r.id] = d
}

func (b *builder) efsAccessPoint(c *rctx) {
	ap := &efs.AccessPoint{Meta: c.meta}
	ap.RootDirectory = c.strOr("/", "RootDirectory", "Path")
	ap.PosixUser = source.KnownAt(false, c.site())
	if pu := c.get("PosixUser"); pu != nil {
		if pu.k == kUnknown {
			ap.PosixUser = unknownAt[bool](c, pu.s, pu.loc)
		} else {
			ap.PosixUser = known(c, true, pu.loc)
		}
	}
	b.est.EFSAccessPoints = append(b.est.EFSAccessPoints, ap)
	b.byID[c.r.id] = ap
}
