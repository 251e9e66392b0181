package terraform

import (
	"strings"

	"github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

// mapSSMServiceSetting reads aws_ssm_service_setting; setting_id may be the
// path or the full ARN, and is kept in path form.
func mapSSMServiceSetting(bd *builder, r *resInst) {
	b := r.body
	id := r.knownString("setting_id")
	if i := strings.Index(id, ":servicesetting/"); i >= 0 {
		id = id[i+len(":servicesetting"):]
	}
	x := &ssm.ServiceSetting{Meta: r.meta(), SettingID: id, Value: b.strComputed("setting_value", "setting_value not set")}
	if id == "" {
		x.Value = source.Unknown[string]("setting_id is not a known string", r.at())
	}
	bd.est.SSMServiceSettings = append(bd.est.SSMServiceSettings, x)
	bd.add(r, x)
}
