package table

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/report"
	jsonfmt "github.com/onus-sec/onus/report/json"
)

// matrix prints the responsibility matrix: per service the layers AWS owns
// on one line, then each customer or shared layer with its result counts and
// manual duties. Fourteen layer columns do not fit a terminal, so the table
// is transposed into lines.
func matrix(p *printer, r *report.Report) error {
	m, err := jsonfmt.MatrixOf(r.Matrix)
	if err != nil || m == nil {
		return err
	}
	title := "Responsibility matrix"
	if m.CatalogueDate != "" {
		title += " (catalogue " + m.CatalogueDate + ")"
	}
	p.f("\n%s\n", p.c(bold, title))
	for _, row := range m.Rows {
		name := row.Service
		if row.Name != "" {
			name += "  " + row.Name
		}
		meta := []string{}
		if row.Model != "" {
			meta = append(meta, row.Model)
		}
		meta = append(meta, fmt.Sprintf("%d resources", row.Resources))
		p.f("  %s (%s)\n", p.c(bold+cyan, name), strings.Join(meta, ", "))
		var aws []string
		for _, c := range row.Cells {
			if c.Owner == "AWS" {
				aws = append(aws, c.Layer)
			}
		}
		if len(aws) > 0 {
			p.f("    %s%s\n", p.c(dim, fmt.Sprintf("%-33s", "AWS owns")), p.c(dim, strings.Join(aws, ", ")))
		}
		for _, c := range row.Cells {
			if c.Owner == "AWS" {
				continue
			}
			cellLine(p, c)
		}
	}
	return nil
}

// matrixIndent aligns manual duties under a cell's counts.
const matrixIndent = "                                     "

func cellLine(p *printer, c jsonfmt.MatrixCell) {
	var counts []string
	col := ""
	if c.Fail > 0 {
		counts = append(counts, fmt.Sprintf("%d FAIL", c.Fail))
		col = red
	}
	if c.Unknown > 0 {
		counts = append(counts, fmt.Sprintf("%d UNKNOWN", c.Unknown))
		if col == "" {
			col = yellow
		}
	}
	if c.Pass > 0 {
		counts = append(counts, fmt.Sprintf("%d PASS", c.Pass))
		if col == "" {
			col = green
		}
	}
	if c.NotApplicable > 0 {
		counts = append(counts, fmt.Sprintf("%d N/A", c.NotApplicable))
	}
	manual, attested := 0, 0
	for _, m := range c.Manual {
		if m.Status == "attested" {
			attested++
		} else {
			manual++
		}
	}
	if manual > 0 {
		counts = append(counts, fmt.Sprintf("%d manual", manual))
		if col == "" {
			col = yellow
		}
	}
	if attested > 0 {
		counts = append(counts, fmt.Sprintf("%d attested", attested))
	}
	if len(counts) == 0 {
		counts = append(counts, "no checks")
	}
	p.f("    %-22s  %-8s %s\n", c.Layer, c.Owner, p.c(col, strings.Join(counts, ", ")))
	for _, m := range c.Manual {
		if m.Status == "attested" {
			s := "attested: " + m.Item
			var by []string
			if m.Owner != "" {
				by = append(by, "by "+m.Owner)
			}
			if m.Expires != "" {
				by = append(by, "until "+m.Expires)
			}
			if m.EvidenceURL != "" {
				by = append(by, m.EvidenceURL)
			}
			if len(by) > 0 {
				s += " (" + strings.Join(by, ", ") + ")"
			}
			p.f("%s%s\n", matrixIndent, s)
		} else {
			p.f("%s%s\n", matrixIndent, p.c(yellow, "manual: ")+m.Item)
		}
	}
	if len(c.Attestations) > 0 {
		p.f("%s%s\n", matrixIndent, p.c(dim, "AWS attestations: "+strings.Join(c.Attestations, ", ")))
	}
}
