package open311

import "strings"

// UpdateStatus is the state of a request after an update in mySociety's
// servicerequestupdates extension: OPEN and CLOSED, plus the additional
// states FixMyStreet sends and understands.
type UpdateStatus string

// The update statuses, upper case as the extension writes them.
const (
	UpdateOpen                      UpdateStatus = "OPEN"
	UpdateClosed                    UpdateStatus = "CLOSED"
	UpdateFixed                     UpdateStatus = "FIXED"
	UpdateInProgress                UpdateStatus = "IN_PROGRESS"
	UpdateActionScheduled           UpdateStatus = "ACTION_SCHEDULED"
	UpdateInvestigating             UpdateStatus = "INVESTIGATING"
	UpdateDuplicate                 UpdateStatus = "DUPLICATE"
	UpdateNotCouncilsResponsibility UpdateStatus = "NOT_COUNCILS_RESPONSIBILITY"
	UpdateNoFurtherAction           UpdateStatus = "NO_FURTHER_ACTION"
	UpdateInternalReferral          UpdateStatus = "INTERNAL_REFERRAL"
	UpdateReopen                    UpdateStatus = "REOPEN"
)

// UpdateStatuses lists every UpdateStatus.
var UpdateStatuses = []UpdateStatus{
	UpdateOpen, UpdateClosed, UpdateFixed, UpdateInProgress, UpdateActionScheduled,
	UpdateInvestigating, UpdateDuplicate, UpdateNotCouncilsResponsibility,
	UpdateNoFurtherAction, UpdateInternalReferral, UpdateReopen,
}

func updateStatusList() string {
	names := make([]string, len(UpdateStatuses))
	for i, u := range UpdateStatuses {
		names[i] = string(u)
	}
	return strings.Join(names, ", ")
}

// parseUpdateStatus reads a status in any case; FixMyStreet itself compares
// them case-insensitively and with spaces for underscores.
func parseUpdateStatus(s string) (UpdateStatus, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
	for _, u := range UpdateStatuses {
		if string(u) == s {
			return u, true
		}
	}
	return "", false
}

// RequestUpdate is one entry of GET servicerequestupdates: a public change to
// a request, such as a status change with a note.
type RequestUpdate struct {
	UpdateID         string       `xml:"update_id" json:"update_id"`
	ServiceRequestID string       `xml:"service_request_id" json:"service_request_id"`
	Status           UpdateStatus `xml:"status" json:"status"`
	UpdatedDatetime  Time         `xml:"updated_datetime" json:"updated_datetime"`
	Description      string       `xml:"description" json:"description"`
	MediaURL         string       `xml:"media_url" json:"media_url"`
}

func (u RequestUpdate) element() node {
	return object("request_update",
		text("update_id", u.UpdateID),
		text("service_request_id", u.ServiceRequestID),
		text("status", string(u.Status)),
		datetime("updated_datetime", u.UpdatedDatetime),
		text("description", u.Description),
		text("media_url", u.MediaURL),
	)
}

// RequestUpdates is the GET servicerequestupdates document.
type RequestUpdates []RequestUpdate

func (s RequestUpdates) tree() node {
	return listOf("service_request_updates", s, RequestUpdate.element)
}

// UpdateReceipt answers POST servicerequestupdates with the id the update
// got.
type UpdateReceipt struct {
	UpdateID string `xml:"update_id" json:"update_id"`
}

func (u UpdateReceipt) element() node { return object("request_update", text("update_id", u.UpdateID)) }

// UpdateReceipts is the POST servicerequestupdates document, a list of one.
type UpdateReceipts []UpdateReceipt

func (s UpdateReceipts) tree() node {
	return listOf("service_request_updates", s, UpdateReceipt.element)
}
