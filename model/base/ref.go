package base

// Ref identifies the resource a control result is about. It is the
// resource's own header: a large estate has a few hundred thousand results
// for tens of thousands of resources, and a copy of each header for its
// results would hold 10 MB more at the peak of a 1,000-template scan.
// Treat a Ref as read-only; control.Run alone sets DefaultResource.
type Ref = Meta

// RefOf makes a Ref from a resource header: a copy, which a later change
// to m does not reach.
func RefOf(m *Meta) Ref { return *m }

// SharedRef returns the Ref every result about m shares: m itself. Estate
// headers are not changed once the controls run (checks are pure and run
// concurrently); a check that makes a header of its own for a result (an
// account, a region) makes a new one for each, never reusing one variable
// for two resources.
func (m *Meta) SharedRef() *Ref { return m }

// TagMap is the resource's tags when they are known and there are any,
// else nil: what a report shows.
func (m *Meta) TagMap() map[string]string {
	if t, ok := m.Tags.Get(); ok && len(t) > 0 {
		return t
	}
	return nil
}
