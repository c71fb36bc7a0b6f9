// The startup and schema-browsing SQL of BI tools (from shared/design/pg-clients.md), replayed over
// the wire as each tool sends it (pgjdbc tools through the extended protocol) and through the
// embedded API; each statement must run and return the columns the tool reads.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.test-kit.js';

interface Step {
  readonly sql: string;
  readonly params?: readonly unknown[];
  /** Columns the tool reads from the result. */
  readonly columns?: readonly string[];
  /** Rows the result must have at least. */
  readonly minRows?: number;
}

const PGJDBC_GET_SCHEMAS = `SELECT nspname AS "TABLE_SCHEM", current_database() AS "TABLE_CATALOG" FROM pg_catalog.pg_namespace
 WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_' OR nspname = (pg_catalog.current_schemas(true))[1])
   AND (nspname !~ '^pg_toast_temp_' OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))
 ORDER BY "TABLE_SCHEM"`;

const PGJDBC_GET_TABLES = `SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,
 CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema' WHEN true THEN CASE WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind WHEN 'r' THEN 'SYSTEM TABLE' WHEN 'v' THEN 'SYSTEM VIEW' WHEN 'i' THEN 'SYSTEM INDEX' ELSE NULL END WHEN n.nspname = 'pg_toast' THEN CASE c.relkind WHEN 'r' THEN 'SYSTEM TOAST TABLE' WHEN 'i' THEN 'SYSTEM TOAST INDEX' ELSE NULL END ELSE CASE c.relkind WHEN 'r' THEN 'TEMPORARY TABLE' WHEN 'p' THEN 'TEMPORARY TABLE' WHEN 'i' THEN 'TEMPORARY INDEX' WHEN 'S' THEN 'TEMPORARY SEQUENCE' WHEN 'v' THEN 'TEMPORARY VIEW' ELSE NULL END END WHEN false THEN CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'PARTITIONED INDEX' WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'c' THEN 'TYPE' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END ELSE NULL END AS TABLE_TYPE,
 d.description AS REMARKS, '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION
 FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0 and d.classoid = 'pg_class'::regclass)
 WHERE c.relnamespace = n.oid AND n.nspname LIKE $1 AND c.relname LIKE $2
 AND (false OR ( c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ) OR ( c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' ) )
 ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME`;

const PGJDBC_GET_COLUMNS = `SELECT * FROM (SELECT current_database() AS current_database, n.nspname, c.relname, a.attname, a.atttypid,
 a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull, a.atttypmod, a.attlen, t.typtypmod,
 row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,
 nullif(a.attgenerated, '') as attgenerated, pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc, dsc.description,
 t.typbasetype, t.typtype
 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)
 JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
 LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)
 LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
 LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')
 LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')
 WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped AND n.nspname LIKE $1 AND c.relname LIKE $2) c
 WHERE true AND attname LIKE $3 ORDER BY nspname,c.relname,attnum`;

const TOOLS: Readonly<Record<string, { readonly extended: boolean; readonly steps: readonly Step[] }>> = {
  'DBeaver / pgjdbc': {
    extended: true,
    steps: [
      { sql: 'SET extra_float_digits = 3' },
      { sql: "SET application_name = 'PostgreSQL JDBC Driver'" },
      { sql: "SET application_name = 'DBeaver 25.1.5 - Main <larch>'" },
      {
        sql: 'SELECT current_schema(),session_user',
        columns: ['current_schema', 'session_user'],
        minRows: 1,
      },
      {
        sql: "SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass ORDER BY nspname",
        columns: ['oid', 'nspname', 'nspowner', 'nspacl', 'description'],
        minRows: 3,
      },
      {
        sql: 'SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = $1',
        params: [1034],
        columns: ['nspname', 'typname'],
        minRows: 1,
      },
      {
        sql: "SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid FROM pg_catalog.pg_type LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r from pg_namespace as ns join ( select s.r, (current_schemas(false))[s.r] as nspname from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r using ( nspname ) ) as sp ON sp.nspoid = typnamespace WHERE pg_type.oid = $1 ORDER BY sp.r, pg_type.oid DESC",
        params: [1034],
        columns: ['is_array', 'typtype', 'typname', 'oid'],
        minRows: 1,
      },
      { sql: 'SHOW search_path', columns: ['search_path'], minRows: 1 },
      {
        sql: "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname='larch'",
        columns: ['oid', 'datname', 'datdba', 'encoding', 'datcollate', 'datctype', 'datacl'],
        minRows: 1,
      },
      {
        sql: "SELECT * FROM pg_catalog.pg_settings where name='standard_conforming_strings'",
        columns: ['name', 'setting', 'unit', 'category', 'short_desc', 'context', 'vartype'],
        minRows: 1,
      },
      {
        sql: "SELECT string_agg(word, ',') from pg_catalog.pg_get_keywords() where word <> ALL ('{a,abs,absolute,action,ada,add,admin,after,all,allocate,alter,always,and,any,are,array,as,asc}'::text[])",
        columns: ['string_agg'],
        minRows: 1,
      },
      { sql: 'SELECT version()', columns: ['version'], minRows: 1 },
      {
        sql: 'SELECT * FROM pg_catalog.pg_enum WHERE 1<>1 LIMIT 1',
        columns: ['oid', 'enumtypid', 'enumsortorder', 'enumlabel'],
      },
      { sql: 'SELECT reltype FROM pg_catalog.pg_class WHERE 1<>1 LIMIT 1', columns: ['reltype'] },
      {
        sql: "SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name, d.description FROM pg_catalog.pg_type t LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid WHERE t.typname IS NOT NULL AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')",
        columns: [
          'oid',
          'typname',
          'typnamespace',
          'typlen',
          'typtype',
          'typcategory',
          'relkind',
          'base_type_name',
          'description',
        ],
        minRows: 20,
      },
      {
        sql: "SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr, pg_catalog.pg_get_partkeydef(c.oid) as partition_key FROM pg_catalog.pg_class c LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_class'::regclass WHERE c.relnamespace=$1 AND c.relkind not in ('i','I','c')",
        params: [2200],
        columns: [
          'oid',
          'relname',
          'relkind',
          'relnamespace',
          'reltuples',
          'description',
          'partition_expr',
          'partition_key',
        ],
        minRows: 2,
      },
      {
        sql: 'select c.oid,pg_catalog.pg_total_relation_size(c.oid) as total_rel_size,pg_catalog.pg_relation_size(c.oid) as rel_size FROM pg_class c WHERE c.relnamespace=$1',
        params: [2200],
        columns: ['oid', 'total_rel_size', 'rel_size'],
      },
      {
        sql: 'SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,c.reltablespace,tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indpred, i.indrelid) as pred_expr,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr,pg_catalog.pg_relation_size(i.indexrelid) as index_rel_size,pg_catalog.pg_stat_get_numscans(i.indexrelid) as index_num_scans FROM pg_catalog.pg_index i INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid WHERE i.indrelid=$1 ORDER BY c.relname',
        params: [0],
        columns: ['indexrelid', 'indisunique', 'keys', 'relname', 'tabrelname', 'index_num_scans'],
      },
      {
        sql: "SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,d.description, case when c.contype='c' then \"substring\"(pg_get_constraintdef(c.oid), 7) else null end consrc_copy FROM pg_catalog.pg_constraint c INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_constraint'::regclass WHERE c.conrelid=$1 ORDER BY c.oid",
        params: [0],
        columns: ['oid', 'conname', 'contype', 'conkey', 'tabrelname', 'consrc_copy'],
      },
      { sql: PGJDBC_GET_SCHEMAS, columns: ['TABLE_SCHEM', 'TABLE_CATALOG'], minRows: 3 },
      {
        sql: PGJDBC_GET_TABLES,
        params: ['public', '%'],
        columns: ['table_cat', 'table_schem', 'table_name', 'table_type', 'remarks'],
        minRows: 2,
      },
      {
        sql: PGJDBC_GET_COLUMNS,
        params: ['public', 'sales', '%'],
        columns: [
          'current_database',
          'nspname',
          'relname',
          'attname',
          'atttypid',
          'attnotnull',
          'atttypmod',
          'attnum',
          'adsrc',
          'typtype',
        ],
        minRows: 4,
      },
      { sql: '', columns: [] },
    ],
  },
  Metabase: {
    extended: true,
    steps: [
      { sql: 'SET extra_float_digits = 2' },
      { sql: "SET application_name = 'Metabase v0.55.1 [abc]'" },
      { sql: 'SHOW TRANSACTION ISOLATION LEVEL', columns: ['transaction_isolation'], minRows: 1 },
      { sql: 'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED' },
      { sql: 'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED' },
      { sql: 'show timezone', columns: ['TimeZone'], minRows: 1 },
      { sql: 'BEGIN READ ONLY' },
      { sql: PGJDBC_GET_SCHEMAS, columns: ['TABLE_SCHEM', 'TABLE_CATALOG'], minRows: 3 },
      {
        sql: `with table_privileges as (
 select NULL as role, t.schemaname as schema, t.objectname as table,
  pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"', 'update') as update,
  pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"', 'select') as select,
  pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"', 'insert') as insert,
  pg_catalog.has_table_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"', 'delete') as delete
 from (
  select schemaname, tablename as objectname from pg_catalog.pg_tables
  union select schemaname, viewname as objectname from pg_catalog.pg_views
  union select schemaname, matviewname as objectname from pg_catalog.pg_matviews
 ) t
 where t.schemaname !~ '^pg_' and t.schemaname <> 'information_schema' and pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')
)
select t.* from table_privileges t`,
        columns: ['role', 'schema', 'table', 'update', 'select', 'insert', 'delete'],
        minRows: 2,
      },
      {
        sql: `SELECT "n"."nspname" AS "schema", "c"."relname" AS "name", CASE "c"."relkind" WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS "type", "d"."description" AS "description", "stat"."n_live_tup" AS "estimated_row_count" FROM "pg_catalog"."pg_class" AS "c" INNER JOIN "pg_catalog"."pg_namespace" AS "n" ON "c"."relnamespace" = "n"."oid" LEFT JOIN "pg_catalog"."pg_description" AS "d" ON ("c"."oid" = "d"."objoid") AND ("d"."objsubid" = '0') AND ("d"."classoid" = 'pg_class'::regclass) LEFT JOIN "pg_stat_user_tables" AS "stat" ON ("n"."nspname" = "stat"."schemaname") AND ("c"."relname" = "stat"."relname") WHERE ("c"."relnamespace" = "n"."oid") AND ("n"."nspname" !~ '^pg_') AND ("n"."nspname" <> 'information_schema') AND c.relkind in ('r', 'p', 'v', 'f', 'm') AND ("n"."nspname" IN ('public')) ORDER BY "type" ASC, "schema" ASC, "name" ASC`,
        columns: ['schema', 'name', 'type', 'description', 'estimated_row_count'],
        minRows: 2,
      },
      {
        sql: `SELECT c.column_name AS name, c.udt_name AS "database-type", c.ordinal_position - 1 AS "database-position",
 c.table_schema AS "table-schema", c.table_name AS "table-name", pk.column_name IS NOT NULL AS "pk?",
 col_description(format('%I.%I', c.table_schema, c.table_name)::regclass::oid, c.ordinal_position) AS "field-comment",
 ((column_default IS NULL OR lower(column_default) = 'null') AND is_nullable = 'NO' AND NOT ((column_default IS NOT NULL AND column_default LIKE '%nextval(%') OR is_identity <> 'NO')) AS "database-required",
 ((column_default IS NOT NULL AND column_default LIKE '%nextval(%') OR is_identity <> 'NO') AS "database-is-auto-increment"
FROM information_schema.columns c
LEFT JOIN (SELECT tc.table_schema, tc.table_name, kc.column_name FROM information_schema.table_constraints tc
  INNER JOIN information_schema.key_column_usage kc ON tc.constraint_name = kc.constraint_name AND tc.table_schema = kc.table_schema AND tc.table_name = kc.table_name
  WHERE tc.constraint_type = 'PRIMARY KEY') pk
 ON c.table_schema = pk.table_schema AND c.table_name = pk.table_name AND c.column_name = pk.column_name
WHERE c.table_schema !~ '^information_schema|catalog_history|pg_' AND c.table_schema IN ('public')
UNION ALL
SELECT pa.attname AS name, pt.typname AS "database-type", pa.attnum - 1 AS "database-position", pn.nspname AS "table-schema",
 pc.relname AS "table-name", false AS "pk?", NULL AS "field-comment", false AS "database-required", false AS "database-is-auto-increment"
FROM pg_catalog.pg_class pc JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
 JOIN pg_catalog.pg_attribute pa ON pa.attrelid = pc.oid JOIN pg_catalog.pg_type pt ON pt.oid = pa.atttypid
WHERE pc.relkind = 'm' AND pa.attnum >= 1 AND pn.nspname IN ('public')
ORDER BY "table-schema" ASC, "table-name" ASC, "database-position" ASC`,
        columns: [
          'name',
          'database-type',
          'database-position',
          'table-schema',
          'table-name',
          'pk?',
          'database-required',
        ],
        minRows: 6,
      },
      {
        sql: 'SELECT nspname, typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid IN (SELECT DISTINCT enumtypid FROM pg_enum e)',
        columns: ['nspname', 'typname'],
      },
      { sql: 'COMMIT' },
    ],
  },
  Grafana: {
    extended: false,
    steps: [
      { sql: '-- ping' },
      {
        sql: "SELECT current_setting('server_version_num')::int/100 as version",
        columns: ['version'],
        minRows: 1,
      },
      { sql: "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'", columns: ['extversion'] },
      {
        sql: `SELECT schema_name AS "name" FROM information_schema.schemata WHERE schema_name NOT IN ('information_schema','pg_catalog','pg_toast','_timescaledb_cache','_timescaledb_catalog','_timescaledb_internal','_timescaledb_config','timescaledb_information','timescaledb_experimental') ORDER BY schema_name`,
        columns: ['name'],
        minRows: 1,
      },
      {
        sql: `SELECT CASE WHEN quote_ident(table_schema) IN (SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array(current_setting('search_path'),','),1), array_upper(string_to_array(current_setting('search_path'),','),1)) as i, string_to_array(current_setting('search_path'),',') s) THEN quote_ident(table_name) ELSE quote_ident(table_schema) || '.' || quote_ident(table_name) END AS "table" FROM information_schema.tables WHERE quote_ident(table_schema) NOT IN ('information_schema','pg_catalog','_timescaledb_cache','_timescaledb_catalog','_timescaledb_internal','_timescaledb_config','timescaledb_information','timescaledb_experimental') ORDER BY CASE WHEN quote_ident(table_schema) IN (SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array(current_setting('search_path'),','),1), array_upper(string_to_array(current_setting('search_path'),','),1)) as i, string_to_array(current_setting('search_path'),',') s) THEN 0 ELSE 1 END, 1`,
        columns: ['table'],
        minRows: 2,
      },
      {
        sql: `SELECT quote_ident(column_name) AS "column", data_type AS "type" FROM information_schema.columns WHERE CASE WHEN array_length(parse_ident('public.sales'),1) = 2 THEN quote_ident(table_schema) = (parse_ident('public.sales'))[1] AND quote_ident(table_name) = (parse_ident('public.sales'))[2] ELSE quote_ident(table_name) = 'public.sales' AND quote_ident(table_schema) IN (SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array(current_setting('search_path'),','),1), array_upper(string_to_array(current_setting('search_path'),','),1)) as i, string_to_array(current_setting('search_path'),',') s) END`,
        columns: ['column', 'type'],
        minRows: 4,
      },
    ],
  },
  'Superset / SQLAlchemy (psycopg2)': {
    extended: false,
    steps: [
      { sql: 'BEGIN' },
      { sql: 'select pg_catalog.version()', columns: ['version'], minRows: 1 },
      { sql: 'select current_schema()', columns: ['current_schema'], minRows: 1 },
      { sql: 'show standard_conforming_strings', columns: ['standard_conforming_strings'], minRows: 1 },
      { sql: 'show transaction isolation level', columns: ['transaction_isolation'], minRows: 1 },
      {
        sql: "SELECT t.oid, typarray FROM pg_type t JOIN pg_namespace ns ON typnamespace = ns.oid WHERE typname = 'hstore'",
        columns: ['oid', 'typarray'],
      },
      {
        sql: "SELECT pg_catalog.pg_namespace.nspname FROM pg_catalog.pg_namespace WHERE pg_catalog.pg_namespace.nspname NOT LIKE 'pg_%' ORDER BY pg_catalog.pg_namespace.nspname",
        columns: ['nspname'],
        minRows: 2,
      },
      {
        sql: "SELECT pg_catalog.pg_class.relname FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p']) AND pg_catalog.pg_class.relpersistence != 't' AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog'",
        columns: ['relname'],
        minRows: 1,
      },
      {
        sql: `SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
 (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) AS DEFAULT,
 a.attnotnull, a.attrelid as table_oid, pgd.description as comment, a.attgenerated as generated,
 (SELECT json_build_object('always', a.attidentity = 'a', 'start', s.seqstart, 'increment', s.seqincrement, 'minvalue', s.seqmin, 'maxvalue', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle)
  FROM pg_catalog.pg_sequence s, pg_catalog.pg_class c, pg_catalog.pg_namespace n
  WHERE a.attidentity != '' AND s.seqrelid = c.oid AND c.relkind = 'S' AND a.attnum > 0 AND c.relnamespace = n.oid
  AND c.relname = 'x') as identity_options
FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_description pgd ON (pgd.objoid = a.attrelid AND pgd.objsubid = a.attnum)
WHERE a.attrelid = 'sales'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        columns: ['attname', 'format_type', 'default', 'attnotnull', 'table_oid', 'comment', 'generated'],
        minRows: 4,
      },
      {
        sql: "SELECT a.attname FROM pg_attribute a JOIN (SELECT unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord FROM pg_index ix WHERE ix.indrelid = 'sales'::regclass AND ix.indisprimary) k ON a.attnum = k.attnum WHERE a.attrelid = 'sales'::regclass ORDER BY k.ord",
        columns: ['attname'],
        minRows: 1,
      },
      { sql: 'ROLLBACK' },
    ],
  },
  Tableau: {
    extended: false,
    steps: [
      { sql: "SET DateStyle = 'ISO';SET extra_float_digits = 2;show transaction_isolation;" },
      { sql: "select oid, typbasetype from pg_type where typname = 'lo'", columns: ['oid', 'typbasetype'] },
      { sql: 'show max_identifier_length', columns: ['max_identifier_length'], minRows: 1 },
      { sql: 'select NULL, NULL, NULL', minRows: 1 },
      {
        sql: "select relname, nspname, relkind from pg_catalog.pg_class c, pg_catalog.pg_namespace n where relkind in ('r', 'v', 'm', 'f', 'p') and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') and n.oid = relnamespace order by nspname, relname",
        columns: ['relname', 'nspname', 'relkind'],
        minRows: 2,
      },
      { sql: 'BEGIN' },
      {
        sql: 'declare "SQL_CUR0x7f8b1c00" cursor with hold for SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region',
      },
      { sql: 'fetch 2048 in "SQL_CUR0x7f8b1c00"', columns: ['region', 'total'], minRows: 3 },
      { sql: 'close "SQL_CUR0x7f8b1c00"' },
      { sql: 'COMMIT' },
    ],
  },
  'Power BI / Npgsql': {
    extended: false,
    steps: [
      {
        sql: `SELECT version();

SELECT ns.nspname, t.oid, t.typname, t.typtype, t.typnotnull, t.elemtypoid
FROM (
    SELECT
        typ.oid, typ.typnamespace, typ.typname, typ.typtype, typ.typrelid, typ.typnotnull, typ.relkind,
        elemtyp.oid AS elemtypoid, elemtyp.typname AS elemtypname, elemcls.relkind AS elemrelkind,
        CASE WHEN elemproc.proname='array_recv' THEN 'a' ELSE elemtyp.typtype END AS elemtyptype
    FROM (
        SELECT typ.oid, typnamespace, typname, typrelid, typnotnull, relkind, typelem AS elemoid,
            CASE WHEN proc.proname='array_recv' THEN 'a' ELSE typ.typtype END AS typtype,
            CASE
                WHEN proc.proname='array_recv' THEN typ.typelem
                WHEN typ.typtype='r' THEN rngsubtype
                WHEN typ.typtype='m' THEN (SELECT rngtypid FROM pg_range WHERE rngmultitypid = typ.oid)
                WHEN typ.typtype='d' THEN typ.typbasetype
            END AS elemtypoid
        FROM pg_type AS typ
        LEFT JOIN pg_class AS cls ON (cls.oid = typ.typrelid)
        LEFT JOIN pg_proc AS proc ON proc.oid = typ.typreceive
        LEFT JOIN pg_range ON (pg_range.rngtypid = typ.oid)
    ) AS typ
    LEFT JOIN pg_type AS elemtyp ON elemtyp.oid = elemtypoid
    LEFT JOIN pg_class AS elemcls ON (elemcls.oid = elemtyp.typrelid)
    LEFT JOIN pg_proc AS elemproc ON elemproc.oid = elemtyp.typreceive
) AS t
JOIN pg_namespace AS ns ON (ns.oid = typnamespace)
WHERE
    typtype IN ('b', 'r', 'm', 'e', 'd') OR
    (typtype = 'c' AND relkind='c') OR
    (typtype = 'p' AND typname IN ('record', 'void', 'unknown')) OR
    (typtype = 'a' AND (
        elemtyptype IN ('b', 'r', 'm', 'e', 'd') OR
        (elemtyptype = 'p' AND elemtypname IN ('record', 'void')) OR
        (elemtyptype = 'c' AND elemrelkind='c')
    ))
ORDER BY CASE
       WHEN typtype IN ('b', 'e', 'p') THEN 0
       WHEN typtype = 'r' THEN 1
       WHEN typtype = 'm' THEN 2
       WHEN typtype = 'c' THEN 3
       WHEN typtype = 'd' AND elemtyptype <> 'a' THEN 4
       WHEN typtype = 'a' THEN 5
       WHEN typtype = 'd' AND elemtyptype = 'a' THEN 6
END;

SELECT ns.nspname, a.typname, a.oid, a.typrelid, a.typbasetype, a.typtype, a.typcategory
FROM pg_type AS a JOIN pg_namespace AS ns ON (ns.oid = a.typnamespace) WHERE a.typtype = 'c';

SELECT pg_type.oid, enumlabel
FROM pg_enum
JOIN pg_type ON pg_type.oid=enumtypid
ORDER BY oid, enumsortorder;`,
        columns: ['oid', 'enumlabel'],
      },
      { sql: 'DISCARD ALL' },
      {
        sql: "select TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE from INFORMATION_SCHEMA.tables where TABLE_SCHEMA not in ('information_schema', 'pg_catalog') order by TABLE_SCHEMA, TABLE_NAME",
        columns: ['table_schema', 'table_name', 'table_type'],
        minRows: 2,
      },
      {
        sql: "select COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, case when (data_type like '%unsigned%') then DATA_TYPE || ' unsigned' else DATA_TYPE end as DATA_TYPE from INFORMATION_SCHEMA.columns where TABLE_SCHEMA = 'public' and TABLE_NAME = 'sales' order by TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
        columns: ['column_name', 'ordinal_position', 'is_nullable', 'data_type'],
        minRows: 4,
      },
      {
        sql: `select pkcol.TABLE_SCHEMA AS PK_TABLE_SCHEMA, pkcol.TABLE_NAME AS PK_TABLE_NAME, pkcol.COLUMN_NAME AS PK_COLUMN_NAME,
 fkcol.TABLE_SCHEMA AS FK_TABLE_SCHEMA, fkcol.TABLE_NAME AS FK_TABLE_NAME, fkcol.COLUMN_NAME AS FK_COLUMN_NAME,
 fkcol.ORDINAL_POSITION AS ORDINAL, fkcon.CONSTRAINT_SCHEMA || '_' || fkcol.TABLE_NAME || '_' || pkcol.TABLE_NAME || '_' || fkcon.CONSTRAINT_NAME AS FK_NAME
from (select distinct constraint_catalog, constraint_schema, unique_constraint_schema, constraint_name, unique_constraint_name from INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS) fkcon
 inner join INFORMATION_SCHEMA.KEY_COLUMN_USAGE fkcol on fkcon.CONSTRAINT_SCHEMA = fkcol.CONSTRAINT_SCHEMA and fkcon.CONSTRAINT_NAME = fkcol.CONSTRAINT_NAME
 inner join INFORMATION_SCHEMA.KEY_COLUMN_USAGE pkcol on fkcon.UNIQUE_CONSTRAINT_SCHEMA = pkcol.CONSTRAINT_SCHEMA and fkcon.UNIQUE_CONSTRAINT_NAME = pkcol.CONSTRAINT_NAME
where pkcol.ORDINAL_POSITION = fkcol.ORDINAL_POSITION`,
        columns: [
          'pk_table_schema',
          'pk_table_name',
          'pk_column_name',
          'fk_table_schema',
          'fk_table_name',
          'fk_column_name',
          'ordinal',
          'fk_name',
        ],
      },
    ],
  },
};

const SCHEMA = `CREATE TABLE sales (id int PRIMARY KEY, region text NOT NULL, amount numeric(12,2) DEFAULT 0, sold_at timestamptz);
INSERT INTO sales VALUES (1, 'north', 10.5, now()), (2, 'south', 20, now()), (3, 'east', 5.25, NULL), (4, 'north', 1, now());
CREATE VIEW big_sales AS SELECT * FROM sales WHERE amount > 5;`;

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.engine.sql(SCHEMA);
});

afterAll(async () => {
  await t.close();
});

function checkResult(step: Step, fields: readonly string[], rows: number): void {
  for (const c of step.columns ?? []) expect(fields, `column ${c} of: ${step.sql.slice(0, 80)}`).toContain(c);
  expect(rows, `rows of: ${step.sql.slice(0, 80)}`).toBeGreaterThanOrEqual(step.minRows ?? 0);
}

describe('BI tools over the wire', () => {
  for (const [tool, { extended, steps }] of Object.entries(TOOLS)) {
    it(`answers ${tool}`, async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: t.port, database: 'larch', user: 'bi' });
      await c.connect();
      try {
        for (const [i, step] of steps.entries()) {
          // pgjdbc sends even parameterless statements through the extended protocol (named statements).
          const query: pg.QueryConfig =
            extended && step.sql !== ''
              ? { text: step.sql, values: [...(step.params ?? [])], name: `s${i}` }
              : { text: step.sql, values: step.params === undefined ? undefined : [...step.params] };
          const result = (await c.query(query)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result[result.length - 1]! : result;
          checkResult(step, last.fields?.map((f) => f.name) ?? [], last.rowCount ?? last.rows?.length ?? 0);
        }
      } finally {
        await c.end();
      }
    });
  }
});

describe('BI tools through the embedded API', () => {
  for (const [tool, { steps }] of Object.entries(TOOLS)) {
    it(`answers ${tool}`, async () => {
      const session = t.engine.session();
      for (const step of steps) {
        if (step.sql === '') continue;
        const results = await session.execute(step.sql, step.params ?? []);
        const last = results[results.length - 1];
        if (last === undefined) continue; // a comment-only statement
        checkResult(
          step,
          last.columns.map((c) => c.name),
          last.rowCount,
        );
      }
    });
  }
});
