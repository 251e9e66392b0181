package snapshot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Format names the file format; Version is the snapshot envelope version.
const (
	Format  = "onus-snapshot"
	Version = 1
)

// File is the JSON envelope of a snapshot.
type File struct {
	Format        string            `json:"format"`
	Version       int               `json:"version"`
	SchemaVersion int               `json:"schema_version"`
	Estate        *model.Estate     `json:"estate"`
	Diagnostics   []diag.Diagnostic `json:"diagnostics,omitempty"`
}

// Write encodes e and the collection's diagnostics as an indented snapshot.
func Write(w io.Writer, e *model.Estate, diags diag.List) error {
	if e == nil {
		return errors.New("snapshot: nil estate")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(File{Format: Format, Version: Version, SchemaVersion: model.SchemaVersion, Estate: e, Diagnostics: diags}); err != nil {
		return fmt.Errorf("snapshot: encoding: %w", err)
	}
	return nil
}

// Read decodes a snapshot named name (for messages). Every resource's
// Meta.Source becomes source.Snapshot, so results say the evidence came
// from a snapshot; provenance (API call, ARN) is kept as collected.
func Read(r io.Reader, name string) (*model.Estate, diag.List, error) {
	var f File
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("%s: not a snapshot: JSON syntax error at byte %d: %w", name, se.Offset, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, nil, fmt.Errorf("%s: not a valid snapshot: field %q at byte %d: %w", name, te.Field, te.Offset, err)
		}
		return nil, nil, fmt.Errorf("%s: not a snapshot: %w", name, err)
	}
	switch {
	case f.Format != Format:
		return nil, nil, fmt.Errorf("%s: not an onus snapshot (format %q, want %q)", name, f.Format, Format)
	case f.Version != Version:
		return nil, nil, fmt.Errorf("%s: snapshot version %d not supported (this onus reads version %d)", name, f.Version, Version)
	case f.SchemaVersion != model.SchemaVersion:
		return nil, nil, fmt.Errorf("%s: snapshot model schema %d not supported (this onus reads schema %d)", name, f.SchemaVersion, model.SchemaVersion)
	case f.Estate == nil:
		return nil, nil, fmt.Errorf("%s: snapshot has no estate", name)
	}
	var diags diag.List
	for _, d := range f.Diagnostics {
		diags = append(diags, d)
	}
	forEachMeta(f.Estate, func(m *base.Meta) {
		m.Source = source.Snapshot
	})
	return f.Estate, diags, nil
}

// forEachMeta visits the Meta of every resource in the estate. Reflection
// keeps this in step with new resource slices added to model.Estate.
func forEachMeta(e *model.Estate, f func(*base.Meta)) {
	v := reflect.ValueOf(e).Elem()
	for i := 0; i < v.NumField(); i++ {
		fv := v.Field(i)
		if fv.Kind() != reflect.Slice {
			continue
		}
		for j := 0; j < fv.Len(); j++ {
			el := fv.Index(j)
			if el.Kind() == reflect.Pointer && el.IsNil() {
				continue
			}
			if res, ok := el.Interface().(base.Resource); ok {
				f(res.M())
			}
		}
	}
}
