// The server-wide catalogs: the database, settings, roles, access methods, collations, tablespaces
// and languages, as one Larch server has them; and the session's prepared statements.

import { type CatalogView, DATABASE_OID, OWNER_OID, type SystemRow } from './catalog-view.js';
import { BTREE_AM, HEAP_AM } from './pg-class-rows.js';
import { typeOid } from './type-oids.js';

const UTF8_ENCODING = 6;
const DEFAULT_TABLESPACE = 1663;
const LOCALE = 'C.UTF-8';

export function databaseRows(view: CatalogView): SystemRow[] {
  return [
    {
      oid: DATABASE_OID,
      datname: view.database,
      datdba: OWNER_OID,
      encoding: UTF8_ENCODING,
      datlocprovider: 'c',
      datistemplate: false,
      datallowconn: true,
      datconnlimit: -1,
      datfrozenxid: 0,
      datminmxid: 1,
      dattablespace: DEFAULT_TABLESPACE,
      datcollate: LOCALE,
      datctype: LOCALE,
      daticulocale: null,
      datcollversion: null,
      datacl: null,
    },
  ];
}

/** pg_settings names some parameters in mixed case, as PostgreSQL's GUC table does. */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  timezone: 'TimeZone',
  datestyle: 'DateStyle',
  intervalstyle: 'IntervalStyle',
};

export function settingRows(view: CatalogView): SystemRow[] {
  return view.settings().map((s) => ({
    name: DISPLAY_NAMES[s.name] ?? s.name,
    setting: s.setting,
    unit: s.unit ?? null,
    category: 'Larch',
    short_desc: s.description,
    extra_desc: null,
    context: s.name.startsWith('server_') || s.name === 'integer_datetimes' ? 'internal' : 'user',
    vartype:
      s.vartype ??
      (/^\d+$/.test(s.setting) ? 'integer' : s.setting === 'on' || s.setting === 'off' ? 'bool' : 'string'),
    source: s.defaultValue !== undefined && s.setting !== s.defaultValue ? 'session' : 'default',
    min_val: s.range === undefined ? null : String(s.range[0]),
    max_val: s.range === undefined ? null : String(s.range[1]),
    enumvals: s.enumValues === undefined ? null : [...s.enumValues],
    boot_val: s.defaultValue ?? s.setting,
    reset_val: s.defaultValue ?? s.setting,
    pending_restart: false,
  }));
}

function roleFields(view: CatalogView): SystemRow {
  return {
    rolname: view.user,
    rolsuper: true,
    rolinherit: true,
    rolcreaterole: true,
    rolcreatedb: true,
    rolcanlogin: true,
    rolreplication: false,
    rolconnlimit: -1,
    rolvaliduntil: null,
    rolbypassrls: true,
    rolconfig: null,
    oid: OWNER_OID,
  };
}

export function authidRows(view: CatalogView): SystemRow[] {
  return [{ ...roleFields(view), rolpassword: null }];
}

export function roleRows(view: CatalogView): SystemRow[] {
  return [{ ...roleFields(view), rolpassword: '********' }];
}

export function userRows(view: CatalogView): SystemRow[] {
  return [
    {
      usename: view.user,
      usesysid: OWNER_OID,
      usecreatedb: true,
      usesuper: true,
      userepl: false,
      usebypassrls: true,
      passwd: '********',
      valuntil: null,
      useconfig: null,
    },
  ];
}

export function amRows(): SystemRow[] {
  return [
    { oid: HEAP_AM, amname: 'heap', amhandler: 3, amtype: 't' },
    { oid: BTREE_AM, amname: 'btree', amhandler: 330, amtype: 'i' },
    { oid: 405, amname: 'hash', amhandler: 331, amtype: 'i' },
  ];
}

export function collationRows(): SystemRow[] {
  const row = (oid: number, collname: string, collprovider: string, locale: string | null) => ({
    oid,
    collname,
    collnamespace: 11,
    collowner: OWNER_OID,
    collprovider,
    collisdeterministic: true,
    collencoding: -1,
    collcollate: locale,
    collctype: locale,
    colliculocale: null,
    collversion: null,
  });
  return [row(100, 'default', 'd', null), row(950, 'C', 'c', 'C'), row(951, 'POSIX', 'c', 'POSIX')];
}

export function tablespaceRows(): SystemRow[] {
  return [
    { oid: DEFAULT_TABLESPACE, spcname: 'pg_default', spcowner: OWNER_OID },
    { oid: 1664, spcname: 'pg_global', spcowner: OWNER_OID },
  ];
}

export function languageRows(): SystemRow[] {
  const row = (oid: number, lanname: string, lanpltrusted: boolean) => ({
    oid,
    lanname,
    lanowner: OWNER_OID,
    lanispl: false,
    lanpltrusted,
    lanplcallfoid: 0,
    laninline: 0,
    lanvalidator: 0,
  });
  return [row(12, 'internal', false), row(13, 'c', false), row(14, 'sql', true)];
}

export function preparedStatementRows(view: CatalogView): SystemRow[] {
  return [...view.preparedStatements].map(([name, p]) => ({
    name,
    statement: p.sql,
    prepare_time: p.preparedAt,
    parameter_types: p.paramTypes.map(typeOid),
    from_sql: p.fromSql,
    generic_plans: p.plans.generic,
    custom_plans: p.plans.custom,
  }));
}
