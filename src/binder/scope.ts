// Name resolution: the relations visible to an expression, and the enclosing queries it may reference.

import type { LarchError } from '../engine/errors.js';
import { sqlError, SqlState } from '../engine/errors.js';
import type { ColumnId } from '../logical/expr.js';
import type { DataType } from '../types/data-type.js';

export interface ScopeColumn {
  readonly name: string;
  readonly id: ColumnId;
  readonly type: DataType;
}

export interface ResolvedColumn extends ScopeColumn {
  /** The FROM item's alias, for messages such as `column "t.a" must appear in the GROUP BY clause`. */
  readonly qualifier: string | null;
}

/** A FROM item as names see it: `alias.column`. */
export interface ScopeItem {
  /** Alias or table name; null for the merged columns of JOIN … USING. */
  readonly alias: string | null;
  readonly schema: string | null;
  /** The table or view name behind an aliased item (FROM t AS a), for error hints. */
  readonly relation?: string;
  readonly columns: readonly ScopeColumn[];
  /** Columns that unqualified names must not find here (merged into a USING join's columns). */
  readonly hiddenUnqualified?: ReadonlySet<string>;
}

export class Scope {
  constructor(
    readonly items: readonly ScopeItem[],
    readonly parent: Scope | null,
    /** Columns `SELECT *` expands to, in order. */
    readonly star: readonly ScopeColumn[] = items.flatMap((i) => i.columns),
  ) {}

  static empty(parent: Scope | null): Scope {
    return new Scope([], parent, []);
  }

  /** Ids of columns produced by this scope's own FROM items. */
  ownIds(): Set<ColumnId> {
    return new Set(this.items.flatMap((i) => i.columns.map((c) => c.id)));
  }

  private findLocal(
    qualifier: readonly string[],
    name: string,
    location: number | undefined,
  ): ResolvedColumn | null {
    let found: ResolvedColumn | null = null;
    const matches = (item: ScopeItem) => {
      if (qualifier.length === 0) return !item.hiddenUnqualified?.has(name);
      const alias = qualifier[qualifier.length - 1]!;
      if (item.alias !== alias) return false;
      if (qualifier.length >= 2 && item.schema !== null && item.schema !== qualifier[qualifier.length - 2])
        return false;
      return true;
    };
    for (const item of this.items) {
      if (!matches(item)) continue;
      for (const c of item.columns) {
        if (c.name !== name) continue;
        if (found !== null && found.id !== c.id) {
          throw sqlError(SqlState.ambiguousColumn, `column reference "${name}" is ambiguous`, location);
        }
        found = { ...c, qualifier: item.alias };
      }
    }
    return found;
  }

  hasQualifier(qualifier: readonly string[]): boolean {
    const alias = qualifier[qualifier.length - 1]!;
    return this.items.some((i) => i.alias === alias);
  }

  /** Resolves `qualifier.name`, searching enclosing scopes (correlation) when needed. */
  resolve(qualifier: readonly string[], name: string, location: number | undefined): ResolvedColumn {
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) {
      const found = scope.findLocal(qualifier, name, location);
      if (found !== null) return found;
    }
    const full = [...qualifier, name].join('.');
    if (qualifier.length > 0) {
      const known = this.findQualifierScope(qualifier);
      const aliased = this.findAliasedRelation(qualifier[qualifier.length - 1]!);
      if (!known && aliased !== null) {
        throw sqlError(
          SqlState.undefinedTable,
          `invalid reference to FROM-clause entry for table "${qualifier[qualifier.length - 1]}"`,
          location,
          {
            hint: `Perhaps you meant to reference the table alias "${aliased}".`,
          },
        );
      }
      if (!known) {
        throw sqlError(
          SqlState.undefinedTable,
          `missing FROM-clause entry for table "${qualifier[qualifier.length - 1]}"`,
          location,
        );
      }
      throw sqlError(SqlState.undefinedColumn, `column ${full} does not exist`, location);
    }
    throw sqlError(SqlState.undefinedColumn, `column "${name}" does not exist`, location);
  }

  private findQualifierScope(qualifier: readonly string[]): boolean {
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent)
      if (scope.hasQualifier(qualifier)) return true;
    return false;
  }

  /** The alias of an item whose underlying relation is `name` (FROM name AS alias), if any. */
  private findAliasedRelation(name: string): string | null {
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) {
      const item = scope.items.find((i) => i.relation === name && i.alias !== name);
      if (item !== undefined) return item.alias;
    }
    return null;
  }

  /** Columns of `alias.*`. */
  starOf(qualifier: readonly string[], location: number | undefined): readonly ScopeColumn[] {
    const alias = qualifier[qualifier.length - 1]!;
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) {
      const item = scope.items.find((i) => i.alias === alias);
      if (item !== undefined) return item.columns;
    }
    throw sqlError(SqlState.undefinedTable, `missing FROM-clause entry for table "${alias}"`, location);
  }
}

export function duplicateAlias(alias: string, location?: number): LarchError {
  return sqlError(SqlState.duplicateAlias, `table name "${alias}" specified more than once`, location);
}
