-- Open published reports, newest first: the public map's default view. A
-- few percent of all reports in a town with a long history. The list code
-- names it (INDEXED BY), so its WHERE must match the code's open list.
CREATE INDEX reports_open ON reports(created_at, lat, lon, category_id)
    WHERE published = TRUE AND status IN ('new', 'checking', 'in_progress', 'planned');

-- The department inbox sorts by age or by the next deadline from the index
-- alone.
DROP INDEX reports_inbox;
CREATE INDEX reports_inbox ON reports(department_id, status, created_at, first_reaction_at, first_reaction_due, closure_due);
