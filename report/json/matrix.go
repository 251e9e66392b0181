package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
)

// Matrix is the responsibility matrix in the results document.
type Matrix struct {
	CatalogueDate string      `json:"catalogue_date"`
	Layers        []string    `json:"layers"`
	Rows          []MatrixRow `json:"rows"`
}

// MatrixRow is one service in use.
type MatrixRow struct {
	Service   string       `json:"service"`
	Name      string       `json:"name"`
	Model     string       `json:"model"`
	Resources int          `json:"resources"`
	Cells     []MatrixCell `json:"cells"`
}

// MatrixCell is one layer of one service.
type MatrixCell struct {
	Layer         string       `json:"layer"`
	Owner         string       `json:"owner"`
	Attestations  []string     `json:"attestations"`
	Pass          int          `json:"pass"`
	Fail          int          `json:"fail"`
	Unknown       int          `json:"unknown"`
	NotApplicable int          `json:"not_applicable"`
	Manual        []ManualItem `json:"manual"`
}

// ManualItem is a customer duty no control can check; attested when the
// config carries an attestation for it (never a PASS).
type ManualItem struct {
	Item        string `json:"item"`
	Status      string `json:"status"`
	Owner       string `json:"owner,omitempty"`
	EvidenceURL string `json:"evidence_url,omitempty"`
	Expires     string `json:"expires,omitempty"`
}

// MatrixOf converts the report's matrix (the value package responsibility
// builds) to the document's shape. It goes through the matrix's own JSON
// encoding, whose field names are the shared contract, so report formats do
// not depend on the builder's Go types. A nil matrix gives nil.
func MatrixOf(m any) (*Matrix, error) {
	if m == nil {
		return nil, nil
	}
	b, err := stdjson.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("responsibility matrix: %w", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	var out Matrix
	dec := stdjson.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("responsibility matrix of type %T does not have the shared shape: %w", m, err)
	}
	if out.Layers == nil {
		out.Layers = []string{}
	}
	if out.Rows == nil {
		out.Rows = []MatrixRow{}
	}
	for i := range out.Rows {
		row := &out.Rows[i]
		if row.Cells == nil {
			row.Cells = []MatrixCell{}
		}
		for j := range row.Cells {
			c := &row.Cells[j]
			if c.Attestations == nil {
				c.Attestations = []string{}
			}
			if c.Manual == nil {
				c.Manual = []ManualItem{}
			}
		}
	}
	return &out, nil
}
