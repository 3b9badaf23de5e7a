-- Index sizes of physical_copy: the total (pg_indexes_size) and each index (pg_relation_size).
--   psql postgres://…/bench -f bench/indexes/physical-copy-size.sql
\pset footer off
select count(*) as copies,
       count(raw_data_file_id) as file_copies,
       count(raw_data_package_id) as package_copies,
       count(data_transfer_package_id) as bundle_copies
  from physical_copy;
select pg_size_pretty(pg_table_size('physical_copy')) as "table",
       pg_size_pretty(pg_indexes_size('physical_copy')) as indexes,
       pg_indexes_size('physical_copy') as index_bytes;
select c.relname as index, pg_size_pretty(pg_relation_size(c.oid)) as size, pg_relation_size(c.oid) as bytes
  from pg_index x join pg_class c on c.oid = x.indexrelid
 where x.indrelid = 'physical_copy'::regclass
 order by pg_relation_size(c.oid) desc, c.relname;
