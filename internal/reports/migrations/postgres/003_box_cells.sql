-- SQLite reads small boxes through a grid-cell index (sqlite/003); the
-- PostgreSQL planner serves them from reports_lat_lon with its statistics.
-- This file keeps the version numbers of both dialects in step.
SELECT 1;
