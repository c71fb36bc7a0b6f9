// The EvalContext a session gives each statement: made for every execution (its statement time),
// so it is a plain class whose session-wide parts are shared and whose catalog view is made only
// when something looks a name up (a statement whose plan is reused usually never does).

import type { CatalogAccess } from '../catalog/system/catalog-view.js';
import type { EvalContext, ScalarFunction } from '../functions/function.js';
import type { DataType } from '../types/data-type.js';
import type { TimeZone } from '../types/datetime.js';

/** What stays the same for every statement of a session. */
export interface SessionEvalParts {
  readonly setting: (name: string) => string | undefined;
  readonly currentUser: string;
  readonly database: string;
  readonly operator: (name: string, argTypes: readonly DataType[]) => ScalarFunction;
  readonly notify: (channel: string, payload: string) => void;
  readonly listeningChannels: () => readonly string[];
}

export class SessionEvalContext implements EvalContext {
  readonly random = Math.random;
  readonly setting: SessionEvalParts['setting'];
  readonly currentUser: string;
  readonly database: string;
  readonly operator: SessionEvalParts['operator'];
  readonly notify: SessionEvalParts['notify'];
  readonly listeningChannels: SessionEvalParts['listeningChannels'];
  private catalogAccess: CatalogAccess | undefined;

  constructor(
    parts: SessionEvalParts,
    readonly timeZone: TimeZone,
    readonly transactionTime: number,
    readonly statementTime: number,
    readonly setSetting: (name: string, value: string, local: boolean) => void,
    private readonly makeCatalog: () => CatalogAccess,
  ) {
    this.setting = parts.setting;
    this.currentUser = parts.currentUser;
    this.database = parts.database;
    this.operator = parts.operator;
    this.notify = parts.notify;
    this.listeningChannels = parts.listeningChannels;
  }

  get catalog(): CatalogAccess {
    this.catalogAccess ??= this.makeCatalog();
    return this.catalogAccess;
  }
}
