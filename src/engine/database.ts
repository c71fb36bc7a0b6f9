// The database: the committed catalog state, object ids and the function registry, shared by
// every session of an engine.

import { CatalogState, DEFAULT_SCHEMA } from '../catalog/catalog.js';
import type { FunctionRegistry } from '../functions/registry.js';
import { mergeCommit, type Transaction } from './transaction.js';

/** First object id handed out, as in PostgreSQL (lower ids belong to the system catalog). */
const FIRST_OID = 16384;

export class Database {
  private state: CatalogState;
  private nextOid = FIRST_OID;
  readonly name = 'larch';

  constructor(readonly functions: FunctionRegistry) {
    this.state = new CatalogState().with({
      kind: 'schema',
      oid: 2200,
      schema: DEFAULT_SCHEMA,
      name: DEFAULT_SCHEMA,
    });
  }

  get committed(): CatalogState {
    return this.state;
  }

  newOid(): number {
    return this.nextOid++;
  }

  /** Publishes a transaction's changes atomically (or throws 40001 and changes nothing). */
  commit(txn: Transaction): void {
    if (txn.touched.size === 0) return;
    this.state = mergeCommit(this.state, txn);
  }
}
