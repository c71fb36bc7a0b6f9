// State shared by everything bound in one statement: ids, parameters, catalog access, positions.

import type { ModelEntry, TableEntry, ViewEntry } from '../catalog/catalog.js';
import type { BoundQuery } from './binder.js';
import type { Batch } from '../columnar/batch.js';
import type { InfoRows } from '../engine/ml/model-info-rows.js';
import type { Scalar } from '../columnar/vector.js';
import { sqlError, SqlState } from '../engine/errors.js';
import type { EvalContext } from '../functions/function.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { ColumnId } from '../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../logical/plan.js';
import { charOffset, isAscii, type PgNode } from '../sql/parser.js';
import { type DataType, Types } from '../types/data-type.js';

/** What the binder needs from the catalog and the session. */
export interface BinderCatalog {
  lookupRelation(schema: string | null, name: string): TableEntry | ViewEntry | undefined;
  /** Models (ML.* functions, PREDICT); absent where models cannot be used. */
  lookupModel?(name: string): ModelEntry | undefined;
  models?(): readonly ModelEntry[];
  /** Rows of information_schema.sources / sinks; absent where streams are not known. */
  streamRows?(kind: 'sources' | 'sinks'): InfoRows;
  /** Runs a bound sub-plan when the statement runs (ML.PREDICT, ML.EVALUATE read their input with it). */
  runQuery?(plan: LogicalPlan, columns: readonly OutputColumn[]): AsyncIterable<Batch>;
}

export interface ParamSlot {
  type: DataType;
  /** The value supplied by the caller, used to pick a type when the query leaves it open. */
  readonly hint: Scalar | undefined;
  readonly hasHint: boolean;
}

/** A WITH-clause entry visible to a query and the queries nested in it. */
export interface CteDefinition {
  readonly name: string;
  /** Where the entry starts in the statement (for errors). */
  readonly location: number | undefined;
  readonly query: PgNode;
  readonly columnNames: readonly string[] | null;
  readonly recursive: boolean;
  /** MATERIALIZED (`always`), NOT MATERIALIZED (`never`) or neither (`default`). */
  readonly materialized: 'default' | 'always' | 'never';
  /**
   * Once referenced (unless NOT MATERIALIZED): the query bound once, and how many references read it.
   * One reference reads the plan itself; more read one materialized copy.
   */
  bound?: { readonly id: number; readonly query: BoundQuery; references: number };
  /** Set once a reference is bound (a query nothing reads is bound once, for its errors). */
  referenced?: boolean;
  /**
   * The WITH entries the query itself sees: the earlier siblings (all of them under RECURSIVE) and
   * the enclosing queries' entries, not those visible where it is referenced.
   */
  readonly scope: CteScope;
  /** Set while binding a recursive CTE's non-recursive term, where referencing itself is an error. */
  bindingAnchor?: boolean;
  /** Set while binding a recursive CTE's recursive term: references read the work table. */
  workTable?: { readonly id: number; readonly columns: readonly { name: string; type: DataType }[] };
}

export class CteScope {
  constructor(
    readonly definitions: ReadonlyMap<string, CteDefinition>,
    readonly parent: CteScope | null,
  ) {}

  find(name: string): CteDefinition | undefined {
    for (let s: CteScope | null = this; s !== null; s = s.parent) {
      const d = s.definitions.get(name);
      if (d !== undefined) return d;
    }
    return undefined;
  }
}

export class BindContext {
  private nextColumnId = 1;
  private nextWorkTable = 1;
  private nextCte = 1;
  viewDepth = 0;

  constructor(
    readonly catalog: BinderCatalog,
    readonly functions: FunctionRegistry,
    readonly evalContext: EvalContext,
    readonly params: ParamSlot[],
    /** Offset of the statement in the submitted text, added to AST locations for error positions. */
    readonly offset: number,
    /** The statement's text, to turn AST byte offsets into character positions. */
    readonly text: string = '',
  ) {}

  newId(): ColumnId {
    return this.nextColumnId++;
  }

  newWorkTableId(): number {
    return this.nextWorkTable++;
  }

  newCteId(): number {
    return this.nextCte++;
  }

  /** 0-based character position in the whole text for an AST location (undefined when unknown). */
  pos(location: number | undefined): number | undefined {
    if (location === undefined || location < 0) return undefined;
    this.ascii ??= isAscii(this.text);
    return this.offset + (this.ascii ? location : charOffset(this.text, location));
  }

  private ascii: boolean | undefined;

  error(code: string, message: string, location?: number, extra: { hint?: string; detail?: string } = {}) {
    return sqlError(code, message, this.pos(location), extra);
  }

  param(index: number, location?: number): ParamSlot {
    const slot = this.params[index - 1];
    if (slot === undefined) {
      if (index < 1 || index > 65535) {
        throw this.error(SqlState.undefinedParameter, `there is no parameter $${index}`, location);
      }
      // The wire protocol may prepare statements before values exist: grow the list.
      while (this.params.length < index)
        this.params.push({ type: Types.unknown, hint: undefined, hasHint: false });
      return this.params[index - 1]!;
    }
    return slot;
  }
}
