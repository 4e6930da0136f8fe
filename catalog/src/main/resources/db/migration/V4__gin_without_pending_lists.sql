-- Search and every read filter go through these GIN indexes (search_vector @@ q, read_any && entitlements,
-- tags @> tag). With fastupdate (PostgreSQL's default) new entries wait in an unsorted pending list until a vacuum,
-- and every query scans that list whole: after a bulk import CatalogSearchBench's keyword search read 6,400 buffers
-- instead of 2,550 and took twice as long. The catalog is read far more than written, so entries go straight into
-- the index (a slightly slower insert) and whatever is pending now is merged.
ALTER INDEX resources_search_idx SET (fastupdate = off);
ALTER INDEX resources_read_any_idx SET (fastupdate = off);
ALTER INDEX resources_tags_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('resources_search_idx'::regclass);
SELECT gin_clean_pending_list('resources_read_any_idx'::regclass);
SELECT gin_clean_pending_list('resources_tags_idx'::regclass);
