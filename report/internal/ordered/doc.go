// Package ordered renders a long run of items in batches on every CPU and
// writes the batches in item order, holding only a few in memory. It is
// the report writers' engine, not a general work queue.
package ordered
