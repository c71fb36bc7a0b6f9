// The list of system relations: pg_catalog's tables (rows generated from the catalog, or empty) and
// views, and information_schema's views, each with its oid and columns.

import { type DataType, listType, Types } from '../../types/data-type.js';
import { type CatalogView, INFORMATION_SCHEMA, PG_CATALOG, type SystemRow } from './catalog-view.js';
import { attrdefRows, attributeRows, constraintRows, indexRows } from './pg-attribute-rows.js';
import { PG_CATALOG_RELATIONS } from './pg-catalog-columns.js';
import { classRows, namespaceRows } from './pg-class-rows.js';
import { procRows, typeRows } from './pg-type-rows.js';
import {
  amRows,
  authidRows,
  collationRows,
  databaseRows,
  languageRows,
  preparedStatementRows,
  roleRows,
  settingRows,
  tablespaceRows,
  userRows,
} from './server-rows.js';
import { SYSTEM_VIEWS } from './system-views.js';

export interface SystemRelation {
  readonly schema: string;
  readonly name: string;
  readonly oid: number;
  readonly kind: 'table' | 'view';
  /** Column names and types (empty for information_schema views: their query decides). */
  readonly columns: readonly (readonly [string, DataType])[];
  /** A table's rows; absent for an always-empty table. */
  readonly rows?: (view: CatalogView) => readonly SystemRow[];
  /** Rows depend on the session (user, settings), not only on the catalog's entries. */
  readonly perSession?: boolean;
  /** Rows change with session state plan keys leave out: plans reading them are not reused. */
  readonly uncachedPlans?: boolean;
  /** A view's query. */
  readonly sql?: string;
}

const GENERATED: Readonly<Record<string, (view: CatalogView) => readonly SystemRow[]>> = {
  pg_namespace: namespaceRows,
  pg_class: classRows,
  pg_attribute: attributeRows,
  pg_attrdef: attrdefRows,
  pg_index: indexRows,
  pg_constraint: constraintRows,
  pg_type: typeRows,
  pg_proc: procRows,
  pg_am: amRows,
  pg_collation: collationRows,
  pg_tablespace: tablespaceRows,
  pg_language: languageRows,
};

const PER_SESSION: Readonly<Record<string, (view: CatalogView) => readonly SystemRow[]>> = {
  pg_database: databaseRows,
  pg_settings: settingRows,
  pg_authid: authidRows,
  pg_roles: roleRows,
  pg_user: userRows,
  pg_prepared_statements: preparedStatementRows,
};

/** Per-session relations whose rows change with no change to the catalog, settings or user. */
const UNCACHED_PLANS: ReadonlySet<string> = new Set(['pg_prepared_statements']);

const SIMPLE_TYPES: Readonly<Record<string, DataType>> = {
  oid: Types.oid,
  name: Types.name,
  char: Types.char,
  bool: Types.bool,
  int2: Types.int2,
  int4: Types.int4,
  int8: Types.int8,
  float4: Types.float4,
  float8: Types.float8,
  text: Types.text,
  regproc: Types.regproc,
  regtype: Types.regtype,
  timestamptz: Types.timestamptz,
  interval: Types.interval,
  bytea: Types.bytea,
};

function columnType(spec: string): DataType {
  const array = spec.endsWith('[]');
  const base = SIMPLE_TYPES[array ? spec.slice(0, -2) : spec]!;
  return array ? listType(base) : base;
}

function parseColumns(spec: string): [string, DataType][] {
  return spec.split(', ').map((c) => {
    const [name, type] = c.split(' ');
    return [name!, columnType(type!)];
  });
}

/** information_schema views get oids after PostgreSQL's own catalog's. */
const INFORMATION_SCHEMA_FIRST_OID = 13300;

let relations: SystemRelation[] | null = null;

export function systemRelations(): readonly SystemRelation[] {
  if (relations !== null) return relations;
  const views = new Map(SYSTEM_VIEWS.map((v) => [`${v.schema}.${v.name}`, v]));
  const out: SystemRelation[] = [];
  for (const [name, [oid, kind, spec]] of Object.entries(PG_CATALOG_RELATIONS)) {
    const sql = views.get(`${PG_CATALOG}.${name}`)?.sql;
    const generated = GENERATED[name];
    const perSession = PER_SESSION[name];
    out.push({
      schema: PG_CATALOG,
      name,
      oid,
      kind: sql !== undefined ? 'view' : kind,
      columns: parseColumns(spec),
      ...(sql !== undefined ? { sql } : {}),
      ...(generated !== undefined ? { rows: generated } : {}),
      ...(perSession !== undefined ? { rows: perSession, perSession: true } : {}),
      ...(UNCACHED_PLANS.has(name) ? { uncachedPlans: true } : {}),
    });
  }
  SYSTEM_VIEWS.filter((v) => v.schema === INFORMATION_SCHEMA).forEach((v, i) =>
    out.push({
      schema: v.schema,
      name: v.name,
      oid: INFORMATION_SCHEMA_FIRST_OID + i,
      kind: 'view',
      columns: [],
      sql: v.sql,
    }),
  );
  relations = out;
  return out;
}

const BY_NAME = new Map<string, SystemRelation>();

export function systemRelation(schema: string, name: string): SystemRelation | undefined {
  if (BY_NAME.size === 0) for (const r of systemRelations()) BY_NAME.set(`${r.schema}.${r.name}`, r);
  return BY_NAME.get(`${schema}.${name}`);
}
