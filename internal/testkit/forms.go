package testkit

import "fmt"

// guestForm is the smallest online form; %s are its ID and department.
const guestForm = `id: %s
title: {de: "Testantrag", en: "Test application"}
department: %s
guests: true
statuses:
  - {key: neu, label: {de: "Eingegangen", en: "Received"}}
  - {key: fertig, label: {de: "Erledigt", en: "Done"}, closing: true}
pages:
  - id: eins
    title: {de: "Angaben", en: "Details"}
    fields:
      - name: name
        type: text
        label: {de: "Name", en: "Name"}
        required: true
`

// GuestForm is the source of the smallest online form id of department:
// guests may send it, it has one page with one required question ("name")
// and the statuses "neu" and "fertig" (closing).
func GuestForm(id, department string) string {
	return fmt.Sprintf(guestForm, id, department)
}
