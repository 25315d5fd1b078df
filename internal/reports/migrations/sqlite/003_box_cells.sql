-- Reports by grid cell of 0.01° × 0.01° and creation time, with what the
-- public filters test and the map shows (ref, category): the newest reports
-- of a small box (a map view, an Open311 bbox) are read from this index
-- alone, cell by cell. The cell expression must stay exactly as cellExpr
-- in store_list.go.
CREATE INDEX reports_cell ON reports((CAST(lat*100 AS INT)*100000 + CAST(lon*100 AS INT)), created_at, published, status, lat, lon, category_id, ref)
    WHERE lat IS NOT NULL;
