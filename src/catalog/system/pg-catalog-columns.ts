// The column lists of PostgreSQL 15's pg_catalog relations that Larch provides, as a real server
// has them (names and order; types mapped to Larch's: aclitem[] and pg_node_tree become text).
// Tools read many of them with SELECT *, so every column is there even when Larch leaves it NULL.

/** relname → [oid, kind in PostgreSQL, 'column type, …'] */
export const PG_CATALOG_RELATIONS: Readonly<Record<string, readonly [number, 'table' | 'view', string]>> = {
  pg_aggregate: [
    2600,
    'table',
    'aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc, aggfinalfn regproc, aggcombinefn regproc, aggserialfn regproc, aggdeserialfn regproc, aggmtransfn regproc, aggminvtransfn regproc, aggmfinalfn regproc, aggfinalextra bool, aggmfinalextra bool, aggfinalmodify char, aggmfinalmodify char, aggsortop oid, aggtranstype oid, aggtransspace int4, aggmtranstype oid, aggmtransspace int4, agginitval text, aggminitval text',
  ],
  pg_am: [2601, 'table', 'oid oid, amname name, amhandler regproc, amtype char'],
  pg_attrdef: [2604, 'table', 'oid oid, adrelid oid, adnum int2, adbin text'],
  pg_attribute: [
    1249,
    'table',
    'attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign char, attstorage char, attcompression char, attnotnull bool, atthasdef bool, atthasmissing bool, attidentity char, attgenerated char, attisdropped bool, attislocal bool, attinhcount int4, attcollation oid, attacl text[], attoptions text[], attfdwoptions text[], attmissingval text',
  ],
  pg_auth_members: [1261, 'table', 'roleid oid, member oid, grantor oid, admin_option bool'],
  pg_authid: [
    1260,
    'table',
    'oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz',
  ],
  pg_available_extensions: [
    12081,
    'view',
    'name name, default_version text, installed_version text, comment text',
  ],
  pg_cast: [
    2605,
    'table',
    'oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char',
  ],
  pg_class: [
    1259,
    'table',
    'oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence char, relkind char, relnatts int2, relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, relreplident char, relispartition bool, relrewrite oid, relfrozenxid oid, relminmxid oid, relacl text[], reloptions text[], relpartbound text',
  ],
  pg_collation: [
    3456,
    'table',
    'oid oid, collname name, collnamespace oid, collowner oid, collprovider char, collisdeterministic bool, collencoding int4, collcollate text, collctype text, colliculocale text, collversion text',
  ],
  pg_constraint: [
    2606,
    'table',
    'oid oid, conname name, connamespace oid, contype char, condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, confupdtype char, confdeltype char, confmatchtype char, conislocal bool, coninhcount int4, connoinherit bool, conkey int2[], confkey int2[], conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[], conexclop oid[], conbin text',
  ],
  pg_conversion: [
    2607,
    'table',
    'oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding int4, conproc regproc, condefault bool',
  ],
  pg_cursors: [
    12077,
    'view',
    'name text, statement text, is_holdable bool, is_binary bool, is_scrollable bool, creation_time timestamptz',
  ],
  pg_database: [
    1262,
    'table',
    'oid oid, datname name, datdba oid, encoding int4, datlocprovider char, datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid oid, datminmxid oid, dattablespace oid, datcollate text, datctype text, daticulocale text, datcollversion text, datacl text[]',
  ],
  pg_depend: [
    2608,
    'table',
    'classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype char',
  ],
  pg_description: [2609, 'table', 'objoid oid, classoid oid, objsubid int4, description text'],
  pg_enum: [3501, 'table', 'oid oid, enumtypid oid, enumsortorder float4, enumlabel name'],
  pg_event_trigger: [
    3466,
    'table',
    'oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags text[]',
  ],
  pg_extension: [
    3079,
    'table',
    'oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text, extconfig oid[], extcondition text[]',
  ],
  pg_foreign_data_wrapper: [
    2328,
    'table',
    'oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl text[], fdwoptions text[]',
  ],
  pg_foreign_server: [
    1417,
    'table',
    'oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl text[], srvoptions text[]',
  ],
  pg_foreign_table: [3118, 'table', 'ftrelid oid, ftserver oid, ftoptions text[]'],
  pg_index: [
    2610,
    'table',
    'indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool, indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2[], indcollation oid[], indclass oid[], indoption int2[], indexprs text, indpred text',
  ],
  pg_indexes: [
    12043,
    'view',
    'schemaname name, tablename name, indexname name, tablespace name, indexdef text',
  ],
  pg_inherits: [2611, 'table', 'inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool'],
  pg_init_privs: [3394, 'table', 'objoid oid, classoid oid, objsubid int4, privtype char, initprivs text[]'],
  pg_language: [
    2612,
    'table',
    'oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl text[]',
  ],
  pg_locks: [
    12073,
    'view',
    'locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text, transactionid oid, classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4, mode text, granted bool, fastpath bool, waitstart timestamptz',
  ],
  pg_matviews: [
    12038,
    'view',
    'schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text',
  ],
  pg_namespace: [2615, 'table', 'oid oid, nspname name, nspowner oid, nspacl text[]'],
  pg_opclass: [
    2616,
    'table',
    'oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid, opcdefault bool, opckeytype oid',
  ],
  pg_operator: [
    2617,
    'table',
    'oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool, oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid, oprcode regproc, oprrest regproc, oprjoin regproc',
  ],
  pg_partitioned_table: [
    3350,
    'table',
    'partrelid oid, partstrat char, partnatts int2, partdefid oid, partattrs int2[], partclass oid[], partcollation oid[], partexprs text',
  ],
  pg_policy: [
    3256,
    'table',
    'oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles oid[], polqual text, polwithcheck text',
  ],
  pg_prepared_statements: [
    12095,
    'view',
    'name text, statement text, prepare_time timestamptz, parameter_types regtype[], from_sql bool, generic_plans int8, custom_plans int8',
  ],
  pg_proc: [
    1255,
    'table',
    'oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, prorows float4, provariadic oid, prosupport regproc, prokind char, prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile char, proparallel char, pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oid[], proallargtypes oid[], proargmodes char[], proargnames text[], proargdefaults text, protrftypes oid[], prosrc text, probin text, prosqlbody text, proconfig text[], proacl text[]',
  ],
  pg_publication: [
    6104,
    'table',
    'oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool',
  ],
  pg_publication_rel: [6106, 'table', 'oid oid, prpubid oid, prrelid oid, prqual text, prattrs int2[]'],
  pg_range: [
    3541,
    'table',
    'rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, rngcanonical regproc, rngsubdiff regproc',
  ],
  pg_replication_slots: [
    12257,
    'view',
    'slot_name name, plugin name, slot_type text, datoid oid, database name, temporary bool, active bool, active_pid int4, xmin oid, catalog_xmin oid, restart_lsn text, confirmed_flush_lsn text, wal_status text, safe_wal_size int8, two_phase bool',
  ],
  pg_rewrite: [
    2618,
    'table',
    'oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool, ev_qual text, ev_action text',
  ],
  pg_roles: [
    12000,
    'view',
    'rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], oid oid',
  ],
  pg_seclabel: [3596, 'table', 'objoid oid, classoid oid, objsubid int4, provider text, label text'],
  pg_sequence: [
    2224,
    'table',
    'seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool',
  ],
  pg_sequences: [
    12048,
    'view',
    'schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8',
  ],
  pg_settings: [
    12104,
    'view',
    'name text, setting text, unit text, category text, short_desc text, extra_desc text, context text, vartype text, source text, min_val text, max_val text, enumvals text[], boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool',
  ],
  pg_shdescription: [2396, 'table', 'objoid oid, classoid oid, description text'],
  pg_stat_activity: [
    12222,
    'view',
    'datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name, application_name text, client_addr text, client_hostname text, client_port int4, backend_start timestamptz, xact_start timestamptz, query_start timestamptz, state_change timestamptz, wait_event_type text, wait_event text, state text, backend_xid oid, backend_xmin oid, query_id int8, query text, backend_type text',
  ],
  pg_stat_all_indexes: [
    12183,
    'view',
    'relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8, idx_tup_read int8, idx_tup_fetch int8',
  ],
  pg_stat_all_tables: [
    12142,
    'view',
    'relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8, n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8, n_ins_since_vacuum int8, last_vacuum timestamptz, last_autovacuum timestamptz, last_analyze timestamptz, last_autoanalyze timestamptz, vacuum_count int8, autovacuum_count int8, analyze_count int8, autoanalyze_count int8',
  ],
  pg_stat_database: [
    12266,
    'view',
    'datid oid, datname name, numbackends int4, xact_commit int8, xact_rollback int8, blks_read int8, blks_hit int8, tup_returned int8, tup_fetched int8, tup_inserted int8, tup_updated int8, tup_deleted int8, conflicts int8, temp_files int8, temp_bytes int8, deadlocks int8, checksum_failures int8, checksum_last_failure timestamptz, blk_read_time float8, blk_write_time float8, session_time float8, active_time float8, idle_in_transaction_time float8, sessions int8, sessions_abandoned int8, sessions_fatal int8, sessions_killed int8, stats_reset timestamptz',
  ],
  pg_stat_user_indexes: [
    12192,
    'view',
    'relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8, idx_tup_read int8, idx_tup_fetch int8',
  ],
  pg_stat_user_tables: [
    12161,
    'view',
    'relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8, n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8, n_ins_since_vacuum int8, last_vacuum timestamptz, last_autovacuum timestamptz, last_analyze timestamptz, last_autoanalyze timestamptz, vacuum_count int8, autovacuum_count int8, analyze_count int8, autoanalyze_count int8',
  ],
  pg_statio_user_tables: [
    12179,
    'view',
    'relid oid, schemaname name, relname name, heap_blks_read int8, heap_blks_hit int8, idx_blks_read int8, idx_blks_hit int8, toast_blks_read int8, toast_blks_hit int8, tidx_blks_read int8, tidx_blks_hit int8',
  ],
  pg_statistic: [
    2619,
    'table',
    'starelid oid, staattnum int2, stainherit bool, stanullfrac float4, stawidth int4, stadistinct float4, stakind1 int2, stakind2 int2, stakind3 int2, stakind4 int2, stakind5 int2, staop1 oid, staop2 oid, staop3 oid, staop4 oid, staop5 oid, stacoll1 oid, stacoll2 oid, stacoll3 oid, stacoll4 oid, stacoll5 oid, stanumbers1 float4[], stanumbers2 float4[], stanumbers3 float4[], stanumbers4 float4[], stanumbers5 float4[], stavalues1 text, stavalues2 text, stavalues3 text, stavalues4 text, stavalues5 text',
  ],
  pg_statistic_ext: [
    3381,
    'table',
    'oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4, stxkeys int2[], stxkind char[], stxexprs text',
  ],
  pg_tables: [
    12033,
    'view',
    'schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool',
  ],
  pg_tablespace: [1213, 'table', 'oid oid, spcname name, spcowner oid, spcacl text[], spcoptions text[]'],
  pg_timezone_names: [12126, 'view', 'name text, abbrev text, utc_offset interval, is_dst bool'],
  pg_trigger: [
    2620,
    'table',
    'oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled char, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, tgattr int2[], tgargs bytea, tgqual text, tgoldtable name, tgnewtable name',
  ],
  pg_type: [
    1247,
    'table',
    'oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool, typtype char, typcategory char, typispreferred bool, typisdefined bool, typdelim char, typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc, typalign char, typstorage char, typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefaultbin text, typdefault text, typacl text[]',
  ],
  pg_user: [
    12014,
    'view',
    'usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[]',
  ],
  pg_user_mapping: [1418, 'table', 'oid oid, umuser oid, umserver oid, umoptions text[]'],
  pg_views: [12028, 'view', 'schemaname name, viewname name, viewowner name, definition text'],
  pg_publication_namespace: [6237, 'table', 'oid oid, pnpubid oid, pnnspid oid'],
  pg_shdepend: [
    1214,
    'table',
    'dbid oid, classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, deptype char',
  ],
  pg_subscription: [
    6100,
    'table',
    'oid oid, subdbid oid, subskiplsn text, subname name, subowner oid, subenabled bool, subbinary bool, substream bool, subtwophasestate char, subdisableonerr bool, subconninfo text, subslotname name, subsynccommit text, subpublications text[]',
  ],
  pg_ts_config: [3602, 'table', 'oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid'],
};
