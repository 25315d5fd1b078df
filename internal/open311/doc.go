// Package open311 is the protocol layer of Open311 GeoReport v2: the types the
// spec names, encoders that write the exact XML and JSON shapes real servers
// answer with, and parsers that turn request parameters into typed, validated
// values or a spec error list. It has no database and no handlers; the
// reports module serves it under /georeport/v2/.
//
// Sources: the GeoReport v2 spec, its Extensions page and Service Discovery
// (../shared/specs/open311-georeport-v2), plus mySociety's
// servicerequestupdates extension as FixMyStreet speaks it.
//
// Conventions kept everywhere:
//   - XML and JSON carry the same fields in the same order, the order of the
//     spec's response tables. Lists are JSON arrays even with one element.
//   - Identifiers (service_code, service_request_id, key, token) are JSON
//     strings: the spec's own examples show numbers losing leading zeros.
//   - An empty optional text is an empty XML element and JSON null, as in the
//     spec's examples.
//   - "Optional" parameters sent empty count as not sent (spec, Definitions).
package open311
