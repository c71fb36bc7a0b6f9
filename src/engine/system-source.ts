// Connects a transaction to the system catalog: the states, user, settings and prepared statements
// pg_catalog and information_schema are generated from, and the name resolution that puts pg_catalog
// on the path.

import type { TableEntry, ViewEntry } from '../catalog/catalog.js';
import type { CatalogAccess, PreparedStatementInfo } from '../catalog/system/catalog-view.js';
import { catalogView, resolveRelation, type SystemCatalogSource } from '../catalog/system/system-catalog.js';
import type { FunctionRegistry } from '../functions/registry.js';
import { allSettings, type Settings } from './settings.js';
import { settingInUnit } from './setting-values.js';
import type { Transaction } from './transaction.js';

export function systemSource(
  txn: Transaction,
  database: { readonly name: string; readonly functions: FunctionRegistry },
  settings: Settings,
  user: string,
  preparedStatements: ReadonlyMap<string, PreparedStatementInfo>,
): SystemCatalogSource {
  return {
    get shared() {
      return txn.shared;
    },
    get temp() {
      return txn.temp;
    },
    database: database.name,
    user,
    settings: () =>
      allSettings().map((d) => {
        const inUnit = (v: string) => (d.unit === undefined ? v : settingInUnit(v, d.unit));
        return {
          name: d.name,
          setting: inUnit(settings.get(d.name) ?? ''),
          description: d.description,
          vartype: d.vartype ?? (d.unit !== undefined ? 'integer' : undefined),
          unit: d.unit,
          enumValues: d.enumValues,
          range: d.range ?? (d.unit !== undefined ? [0, 2147483647] : undefined),
          defaultValue: inUnit(d.defaultValue()),
        };
      }),
    functions: () => database.functions.allDefinitions(),
    preparedStatements,
  };
}

/** Relation lookup for queries: the session's temporary objects, pg_catalog, then user schemas. */
export function relationLookup(
  txn: Transaction,
  source: SystemCatalogSource,
): (schema: string | null, name: string) => TableEntry | ViewEntry | undefined {
  return (schema, name) => resolveRelation(source, schema, name, (s, n) => txn.lookupRelation(s, n));
}

/** What catalog functions read through EvalContext.catalog. */
export function catalogAccess(txn: Transaction, source: SystemCatalogSource): CatalogAccess {
  const lookupRelation = relationLookup(txn, source);
  let view: CatalogAccess['view'] | null = null;
  return {
    get view() {
      view ??= catalogView(source);
      return view;
    },
    lookupRelation,
  };
}
