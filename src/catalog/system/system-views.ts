// The system views that PostgreSQL defines in SQL over its catalog tables, defined the same way
// here: pg_tables, pg_views, pg_indexes, pg_stat_user_tables … and information_schema.

import { INFORMATION_SCHEMA, PG_CATALOG, TEMP_NAMESPACE_OID } from './catalog-view.js';

export interface SystemViewDefinition {
  readonly schema: string;
  readonly name: string;
  readonly sql: string;
}

const STAT_TABLES = `SELECT c.oid AS relid, n.nspname AS schemaname, c.relname,
  0::int8 AS seq_scan, 0::int8 AS seq_tup_read, 0::int8 AS idx_scan, 0::int8 AS idx_tup_fetch, 0::int8 AS n_tup_ins, 0::int8 AS n_tup_upd,
  0::int8 AS n_tup_del, 0::int8 AS n_tup_hot_upd, c.reltuples::int8 AS n_live_tup, 0::int8 AS n_dead_tup,
  0::int8 AS n_mod_since_analyze, 0::int8 AS n_ins_since_vacuum, NULL::timestamptz AS last_vacuum,
  NULL::timestamptz AS last_autovacuum, NULL::timestamptz AS last_analyze, NULL::timestamptz AS last_autoanalyze,
  0::int8 AS vacuum_count, 0::int8 AS autovacuum_count, 0::int8 AS analyze_count, 0::int8 AS autoanalyze_count
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')`;

const PG_VIEWS: readonly SystemViewDefinition[] = [
  {
    schema: PG_CATALOG,
    name: 'pg_tables',
    sql: `SELECT n.nspname AS schemaname, c.relname AS tablename, pg_catalog.pg_get_userbyid(c.relowner) AS tableowner,
  NULL::name AS tablespace, c.relhasindex AS hasindexes, c.relhasrules AS hasrules,
  c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')`,
  },
  {
    schema: PG_CATALOG,
    name: 'pg_views',
    sql: `SELECT n.nspname AS schemaname, c.relname AS viewname, pg_catalog.pg_get_userbyid(c.relowner) AS viewowner,
  pg_catalog.pg_get_viewdef(c.oid) AS definition
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'v'`,
  },
  {
    schema: PG_CATALOG,
    name: 'pg_matviews',
    sql: `SELECT n.nspname AS schemaname, c.relname AS matviewname, pg_catalog.pg_get_userbyid(c.relowner) AS matviewowner,
  NULL::name AS tablespace, c.relhasindex AS hasindexes, c.relispopulated AS ispopulated,
  pg_catalog.pg_get_viewdef(c.oid) AS definition
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'm'`,
  },
  {
    schema: PG_CATALOG,
    name: 'pg_indexes',
    sql: `SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, NULL::name AS tablespace,
  pg_catalog.pg_get_indexdef(i.oid) AS indexdef
FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')`,
  },
  { schema: PG_CATALOG, name: 'pg_stat_all_tables', sql: STAT_TABLES },
  {
    schema: PG_CATALOG,
    name: 'pg_stat_user_tables',
    sql: `${STAT_TABLES} AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`,
  },
];

const CATALOG = 'current_database()::text';

const INFORMATION_VIEWS: readonly SystemViewDefinition[] = [
  {
    schema: INFORMATION_SCHEMA,
    name: 'schemata',
    sql: `SELECT ${CATALOG} AS catalog_name, n.nspname::text AS schema_name,
  pg_catalog.pg_get_userbyid(n.nspowner)::text AS schema_owner, NULL::text AS default_character_set_catalog,
  NULL::text AS default_character_set_schema, NULL::text AS default_character_set_name, NULL::text AS sql_path
FROM pg_catalog.pg_namespace n`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'tables',
    sql: `SELECT ${CATALOG} AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
  CASE WHEN n.oid = ${TEMP_NAMESPACE_OID} THEN 'LOCAL TEMPORARY' WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE'
    WHEN c.relkind = 'v' THEN 'VIEW' WHEN c.relkind = 'f' THEN 'FOREIGN' END AS table_type,
  NULL::text AS self_referencing_column_name, NULL::text AS reference_generation,
  NULL::text AS user_defined_type_catalog, NULL::text AS user_defined_type_schema,
  NULL::text AS user_defined_type_name,
  CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END AS is_insertable_into, 'NO' AS is_typed,
  CASE WHEN n.oid = ${TEMP_NAMESPACE_OID} THEN 'PRESERVE' END AS commit_action
FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'f', 'p')`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'columns',
    sql: `SELECT ${CATALOG} AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
  a.attname::text AS column_name, a.attnum::int4 AS ordinal_position,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS column_default,
  CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable,
  CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' ELSE pg_catalog.format_type(a.atttypid, NULL) END AS data_type,
  CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 0 THEN a.atttypmod - 4 END AS character_maximum_length,
  CASE WHEN a.atttypid IN (25, 1042, 1043) THEN
    CASE WHEN a.atttypmod > 0 THEN (a.atttypmod - 4) * 4 ELSE 1073741824 END END AS character_octet_length,
  CASE a.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 WHEN 701 THEN 53
    WHEN 1700 THEN CASE WHEN a.atttypmod > 0 THEN (a.atttypmod - 4) / 65536 END END AS numeric_precision,
  CASE WHEN a.atttypid IN (21, 23, 20, 700, 701) THEN 2 WHEN a.atttypid = 1700 THEN 10 END AS numeric_precision_radix,
  CASE WHEN a.atttypid IN (21, 23, 20) THEN 0
    WHEN a.atttypid = 1700 AND a.atttypmod > 0 THEN (a.atttypmod - 4) % 65536 END AS numeric_scale,
  CASE WHEN a.atttypid = 1082 THEN 0 WHEN a.atttypid IN (1083, 1114, 1184, 1186) THEN 6 END AS datetime_precision,
  NULL::text AS interval_type, NULL::int4 AS interval_precision, NULL::text AS character_set_catalog,
  NULL::text AS character_set_schema, NULL::text AS character_set_name,
  CASE WHEN a.attcollation <> 0 THEN ${CATALOG} END AS collation_catalog,
  CASE WHEN a.attcollation <> 0 THEN 'pg_catalog' END AS collation_schema,
  CASE WHEN a.attcollation <> 0 THEN 'default' END AS collation_name,
  NULL::text AS domain_catalog, NULL::text AS domain_schema, NULL::text AS domain_name,
  ${CATALOG} AS udt_catalog, 'pg_catalog' AS udt_schema, t.typname::text AS udt_name,
  NULL::text AS scope_catalog, NULL::text AS scope_schema, NULL::text AS scope_name,
  NULL::int4 AS maximum_cardinality, a.attnum::text AS dtd_identifier, 'NO' AS is_self_referencing,
  'NO' AS is_identity, NULL::text AS identity_generation, NULL::text AS identity_start,
  NULL::text AS identity_increment, NULL::text AS identity_maximum, NULL::text AS identity_minimum,
  'NO' AS identity_cycle, 'NEVER' AS is_generated, NULL::text AS generation_expression,
  CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END AS is_updatable
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON a.attrelid = c.oid
  JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid JOIN pg_catalog.pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'views',
    sql: `SELECT ${CATALOG} AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
  pg_catalog.pg_get_viewdef(c.oid) AS view_definition, 'NONE' AS check_option, 'NO' AS is_updatable,
  'NO' AS is_insertable_into, 'NO' AS is_trigger_updatable, 'NO' AS is_trigger_deletable,
  'NO' AS is_trigger_insertable_into
FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON n.oid = c.relnamespace WHERE c.relkind = 'v'`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'table_constraints',
    sql: `SELECT ${CATALOG} AS constraint_catalog, n.nspname::text AS constraint_schema,
  con.conname::text AS constraint_name, ${CATALOG} AS table_catalog, n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  CASE con.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY'
    WHEN 'u' THEN 'UNIQUE' END AS constraint_type,
  'NO' AS is_deferrable, 'NO' AS initially_deferred, 'YES' AS enforced,
  CASE WHEN con.contype = 'u' THEN 'YES' END AS nulls_distinct
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON con.conrelid = c.oid
  JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid
UNION ALL
SELECT ${CATALOG}, n.nspname::text, n.oid::text || '_' || c.oid::text || '_' || a.attnum::text || '_not_null',
  ${CATALOG}, n.nspname::text, c.relname::text, 'CHECK', 'NO', 'NO', 'YES', NULL
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON a.attrelid = c.oid
  JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid
WHERE a.attnotnull AND a.attnum > 0 AND c.relkind IN ('r', 'p')`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'key_column_usage',
    sql: `SELECT ${CATALOG} AS constraint_catalog, n.nspname::text AS constraint_schema,
  con.conname::text AS constraint_name, ${CATALOG} AS table_catalog, n.nspname::text AS table_schema,
  c.relname::text AS table_name, a.attname::text AS column_name, k.i::int4 AS ordinal_position,
  NULL::int4 AS position_in_unique_constraint
FROM pg_catalog.pg_constraint con
  CROSS JOIN LATERAL generate_series(1, array_length(con.conkey, 1)) AS k(i)
  JOIN pg_catalog.pg_class c ON con.conrelid = c.oid
  JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = con.conkey[k.i]
WHERE con.contype IN ('p', 'u', 'f')`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'referential_constraints',
    sql: `SELECT ${CATALOG} AS constraint_catalog, n.nspname::text AS constraint_schema,
  con.conname::text AS constraint_name, ${CATALOG} AS unique_constraint_catalog,
  n.nspname::text AS unique_constraint_schema, NULL::text AS unique_constraint_name,
  'NONE' AS match_option, 'NO ACTION' AS update_rule, 'NO ACTION' AS delete_rule
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace n ON con.connamespace = n.oid
WHERE con.contype = 'f'`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'check_constraints',
    sql: `SELECT ${CATALOG} AS constraint_catalog, n.nspname::text AS constraint_schema,
  con.conname::text AS constraint_name, 'CHECK (' || con.conbin || ')' AS check_clause
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace n ON con.connamespace = n.oid
WHERE con.contype = 'c'`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'constraint_column_usage',
    sql: `SELECT ${CATALOG} AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
  a.attname::text AS column_name, ${CATALOG} AS constraint_catalog, n.nspname::text AS constraint_schema,
  con.conname::text AS constraint_name
FROM pg_catalog.pg_constraint con
  CROSS JOIN LATERAL generate_series(1, array_length(con.conkey, 1)) AS k(i)
  JOIN pg_catalog.pg_class c ON con.conrelid = c.oid
  JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = con.conkey[k.i]`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'models',
    sql: `SELECT * FROM ML.MODELS()`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'model_versions',
    sql: `SELECT * FROM ML.MODEL_VERSIONS()`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'sources',
    sql: `SELECT * FROM larch_sources()`,
  },
  {
    schema: INFORMATION_SCHEMA,
    name: 'sinks',
    sql: `SELECT * FROM larch_sinks()`,
  },
];

export const SYSTEM_VIEWS: readonly SystemViewDefinition[] = [...PG_VIEWS, ...INFORMATION_VIEWS];
