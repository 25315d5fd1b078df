package open311

import (
	"bytes"
	"net/http"
)

// Document is a complete response body: one of Services, ServiceDefinition,
// ServiceRequests, Receipts, Tokens, Errors, Discovery, RequestUpdates and
// UpdateReceipts.
type Document interface {
	tree() node
}

// Marshal returns doc in format f.
func Marshal(f Format, doc Document) []byte {
	root := doc.tree()
	// Sized once: escapes rarely add more than the margin.
	size := 64 + root.size() + root.size()/8
	if f == JSON {
		return append(appendJSON(make([]byte, 0, size), root), '\n')
	}
	var b bytes.Buffer
	b.Grow(size)
	// The spec requires the declaration with encoding="UTF-8".
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	writeXML(&b, root)
	b.WriteByte('\n')
	return b.Bytes()
}

// Write sends doc as the response with status and f's content type.
func Write(w http.ResponseWriter, status int, f Format, doc Document) error {
	body := Marshal(f, doc)
	w.Header().Set("Content-Type", f.ContentType())
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// WriteErrors sends es with the HTTP status es.Status().
func WriteErrors(w http.ResponseWriter, f Format, es Errors) error {
	return Write(w, es.Status(), f, es)
}
