-- The inbox's lists and counts read the indexes alone (index-only scans),
-- without visiting the wide case rows (answers, summary): measured with
-- 100,000 cases of one department, see docs/PERFORMANCE.md. The open-case
-- indexes are partial (closed cases are most of a long history) and
-- include every column the filters test.
--
-- search_name is the applicant's name in lower case (Go's Unicode rules,
-- the same on both engines). It is personal data and erased with the name.
ALTER TABLE cases ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
UPDATE cases SET search_name = LOWER(applicant_name);

DROP INDEX cases_due;
CREATE INDEX cases_due ON cases(department_id, due_at, id)
    INCLUDE (paused_at, assignee_id, status, form_id, reference, search_name) WHERE closed_at IS NULL;
DROP INDEX cases_open;
CREATE INDEX cases_open ON cases(department_id, created_at, id)
    INCLUDE (paused_at, assignee_id, status, form_id, reference, search_name) WHERE closed_at IS NULL;
DROP INDEX cases_inbox;
CREATE INDEX cases_inbox ON cases(department_id, created_at, id) INCLUDE (closed_at, reference, search_name);
DROP INDEX cases_assignee;
CREATE INDEX cases_assignee ON cases(assignee_id, department_id, created_at, id) INCLUDE (closed_at) WHERE assignee_id IS NOT NULL;
