// The function registry: definitions by name, and PostgreSQL-style overload resolution over
// implicit casts (exact matches first, then preferred types, then unknown-literal heuristics).

import { LarchError, SqlState } from '../engine/errors.js';
import {
  type DataType,
  isPreferredType,
  listType,
  typeCategory,
  Types,
  typeShortName,
  typesEqual,
} from '../types/data-type.js';
import { canCast, commonType } from '../types/coercion.js';
import type {
  AggregateDefinition,
  AggregateFunction,
  AggregateOverload,
  FunctionDefinition,
  ParamType,
  ScalarDefinition,
  ScalarFunction,
  ScalarOverload,
  TableFunctionDefinition,
  WindowDefinition,
  WindowFunction,
} from './function.js';

interface Candidate<O> {
  readonly overload: O;
  readonly params: DataType[];
}

interface OverloadShape {
  readonly args: readonly ParamType[];
  readonly variadic?: ParamType;
}

/** Concrete parameter types of an overload for these arguments, or null when it cannot apply. */
function instantiate(shape: OverloadShape, argTypes: readonly DataType[]): DataType[] | null {
  let params: ParamType[] = [...shape.args];
  if (shape.variadic !== undefined) {
    if (argTypes.length < params.length) return null;
    while (params.length < argTypes.length) params.push(shape.variadic);
  }
  if (params.length !== argTypes.length) return null;
  // Polymorphic parameters: anyelement positions share one type, anyarray is a list of it.
  const elementTypes: DataType[] = [];
  params.forEach((p, i) => {
    const a = argTypes[i]!;
    if (p === 'anyelement' || p === 'anynonarray') elementTypes.push(a);
    else if (p === 'anyarray' && a.id === 'list') elementTypes.push(a.element);
  });
  let element: DataType | null = null;
  if (params.some((p) => p === 'anyelement' || p === 'anyarray' || p === 'anynonarray')) {
    try {
      element = commonType(elementTypes, 'function argument');
    } catch {
      return null;
    }
  }
  params = params.map((p, i) => {
    if (p === 'any') return argTypes[i]!.id === 'unknown' ? Types.text : argTypes[i]!;
    if (p === 'anyelement' || p === 'anynonarray') return element!;
    if (p === 'anyarray') return listType(element!);
    return p;
  });
  const concrete = params as DataType[];
  for (let i = 0; i < concrete.length; i++) {
    const a = argTypes[i]!;
    if (shape.args[i] === 'anynonarray' && a.id === 'list') return null;
    if (!canCast(a, concrete[i]!, 'implicit')) return null;
  }
  return concrete;
}

/** Picks the best overload as PostgreSQL's func_select_candidate does; null when none applies. */
export function selectOverload<O extends OverloadShape>(
  overloads: readonly O[],
  argTypes: readonly DataType[],
  describe: () => string,
): Candidate<O> | null {
  let candidates: Candidate<O>[] = [];
  for (const overload of overloads) {
    const params = instantiate(overload, argTypes);
    if (params !== null) candidates.push({ overload, params });
  }
  if (candidates.length <= 1) return candidates[0] ?? null;
  // Only declared concrete parameter types count as exact matches (not polymorphic ones).
  const declared = (c: Candidate<O>, i: number): ParamType =>
    c.overload.args[i] ?? c.overload.variadic ?? 'any';
  const exact = (c: Candidate<O>) =>
    c.params.filter(
      (p, i) =>
        typeof declared(c, i) !== 'string' && (typesEqual(p, argTypes[i]!) || p.id === argTypes[i]!.id),
    ).length;
  const full = candidates.find((c) => exact(c) === argTypes.length);
  if (full !== undefined) return full;
  // Unknown literals next to known arguments of one type are assumed to be of that type.
  const known = argTypes.filter((t) => t.id !== 'unknown');
  if (known.length > 0 && known.length < argTypes.length && known.every((t) => typesEqual(t, known[0]!))) {
    const assumed = argTypes.map((t) => (t.id === 'unknown' ? known[0]! : t));
    const matching = candidates.filter((c) =>
      c.params.every(
        (p, i) =>
          canCast(assumed[i]!, p, 'implicit') && (argTypes[i]!.id !== 'unknown' || p.id === assumed[i]!.id),
      ),
    );
    if (matching.length === 1) return matching[0]!;
  }
  const keepMax = (score: (c: Candidate<O>) => number) => {
    const best = Math.max(...candidates.map(score));
    candidates = candidates.filter((c) => score(c) === best);
  };
  keepMax(exact);
  if (candidates.length === 1) return candidates[0]!;
  keepMax(
    (c) =>
      c.params.filter(
        (p, i) => argTypes[i]!.id !== 'unknown' && !typesEqual(p, argTypes[i]!) && isPreferredType(p),
      ).length,
  );
  if (candidates.length === 1) return candidates[0]!;
  argTypes.forEach((t, i) => {
    if (t.id !== 'unknown' || candidates.length <= 1) return;
    const strings = candidates.filter((c) => typeCategory(c.params[i]!) === 'S');
    if (strings.length > 0) candidates = strings;
    const preferred = candidates.filter((c) => isPreferredType(c.params[i]!));
    if (preferred.length > 0) candidates = preferred;
  });
  if (candidates.length === 1) return candidates[0]!;
  const first = candidates[0]!;
  if (candidates.every((c) => c.params.every((p, i) => typesEqual(p, first.params[i]!)))) return first;
  throw new LarchError(SqlState.ambiguousFunction, `${describe()} is not unique`, {
    hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
  });
}

function signatureOf(types: readonly DataType[]): string {
  return types.map(typeShortName).join(', ');
}

function returnTypeOf(
  returns: DataType | ((args: readonly DataType[]) => DataType),
  params: readonly DataType[],
): DataType {
  return typeof returns === 'function' ? returns(params) : returns;
}

export function describeCall(name: string, argTypes: readonly DataType[]): string {
  return `${name}(${signatureOf(argTypes)})`;
}

export function undefinedFunction(
  name: string,
  argTypes: readonly DataType[],
  /** 0-based offset in the statement text. */
  offset?: number,
): LarchError {
  return new LarchError(
    SqlState.undefinedFunction,
    `function ${describeCall(name, argTypes)} does not exist`,
    {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      position: offset === undefined ? undefined : offset + 1,
    },
  );
}

export function undefinedOperator(op: string, argTypes: readonly DataType[], offset?: number): LarchError {
  const text =
    argTypes.length === 1
      ? `${op} ${typeShortName(argTypes[0]!)}`
      : `${typeShortName(argTypes[0]!)} ${op} ${typeShortName(argTypes[1]!)}`;
  return new LarchError(SqlState.undefinedFunction, `operator does not exist: ${text}`, {
    hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
    position: offset === undefined ? undefined : offset + 1,
  });
}

/** Holds every function definition; one per engine, filled from builtins at open. */
export class FunctionRegistry {
  private readonly scalars = new Map<string, ScalarDefinition>();
  private readonly aggregates = new Map<string, AggregateDefinition>();
  private readonly windows = new Map<string, WindowDefinition>();
  private readonly tables = new Map<string, TableFunctionDefinition>();
  private readonly resolved = new Map<string, ScalarFunction>();

  register(def: FunctionDefinition, options: { override?: boolean } = {}): void {
    const names = [def.name, ...('aliases' in def ? (def.aliases ?? []) : [])];
    const map = this.mapFor(def.kind) as Map<string, FunctionDefinition>;
    for (const name of names) {
      const key = name.toLowerCase();
      if (map.has(key) && !options.override) {
        throw new LarchError(SqlState.duplicateObject, `function "${name}" is already registered`);
      }
      map.set(key, def);
    }
  }

  private mapFor(kind: FunctionDefinition['kind']): Map<string, unknown> {
    switch (kind) {
      case 'scalar':
        return this.scalars;
      case 'aggregate':
        return this.aggregates;
      case 'window':
        return this.windows;
      case 'table':
        return this.tables;
    }
  }

  isAggregate(name: string): boolean {
    return this.aggregates.has(name.toLowerCase());
  }

  isWindow(name: string): boolean {
    return this.windows.has(name.toLowerCase());
  }

  hasScalar(name: string): boolean {
    return this.scalars.has(name.toLowerCase());
  }

  tableFunction(name: string): TableFunctionDefinition | undefined {
    return this.tables.get(name.toLowerCase());
  }

  scalarDefinitions(): IterableIterator<ScalarDefinition> {
    return this.scalars.values();
  }

  allDefinitions(): FunctionDefinition[] {
    return [
      ...new Set<FunctionDefinition>([
        ...this.scalars.values(),
        ...this.aggregates.values(),
        ...this.windows.values(),
        ...this.tables.values(),
      ]),
    ];
  }

  /** Resolves a scalar function or operator call; null when the name is unknown or no overload fits. */
  tryScalar(name: string, argTypes: readonly DataType[]): ScalarFunction | null {
    const def = this.scalars.get(name.toLowerCase());
    if (def === undefined) return null;
    const chosen = selectOverload<ScalarOverload>(def.overloads, argTypes, () =>
      describeCall(name, argTypes),
    );
    if (chosen === null) return null;
    return this.instance(def, chosen.overload, chosen.params);
  }

  scalar(name: string, argTypes: readonly DataType[], position?: number, isOperator = false): ScalarFunction {
    const fn = this.tryScalar(name, argTypes);
    if (fn === null) {
      throw isOperator
        ? undefinedOperator(name, argTypes, position)
        : undefinedFunction(name, argTypes, position);
    }
    return fn;
  }

  private instance(def: ScalarDefinition, overload: ScalarOverload, params: DataType[]): ScalarFunction {
    const returnType = returnTypeOf(overload.returns, params);
    const key = `${def.name}(${signatureOf(params)})->${JSON.stringify(returnType)}#${def.overloads.indexOf(overload)}`;
    let fn = this.resolved.get(key);
    if (fn === undefined) {
      fn = {
        name: def.name,
        signature: signatureOf(params),
        argTypes: params,
        returnType,
        strict: overload.strict ?? true,
        volatile: def.volatile ?? false,
        stable: def.stable ?? false,
        kernel: overload.kernel(params, returnType),
        ...(def.callingThreadOnly === true ? { callingThreadOnly: true } : {}),
      };
      this.resolved.set(key, fn);
    }
    return fn;
  }

  aggregate(name: string, argTypes: readonly DataType[], position?: number): AggregateFunction {
    const def = this.aggregates.get(name.toLowerCase());
    const chosen =
      def === undefined
        ? null
        : selectOverload<AggregateOverload>(def.overloads, argTypes, () => describeCall(name, argTypes));
    if (def === undefined || chosen === null) throw undefinedFunction(name, argTypes, position);
    const params = chosen.params;
    const returnType = returnTypeOf(chosen.overload.returns, params);
    const create = chosen.overload.create;
    return {
      name: def.name,
      signature: signatureOf(params),
      argTypes: params,
      returnType,
      orderedSet: def.orderedSet ?? false,
      keepsNulls: def.keepsNulls ?? false,
      emptyValue: def.name === 'count' ? 0 : null,
      create: (options) => create(params, returnType, options),
    };
  }

  window(name: string, argTypes: readonly DataType[], position?: number): WindowFunction {
    const def = this.windows.get(name.toLowerCase());
    const chosen =
      def === undefined ? null : selectOverload(def.overloads, argTypes, () => describeCall(name, argTypes));
    if (def === undefined || chosen === null) throw undefinedFunction(name, argTypes, position);
    const params = chosen.params;
    const returnType = returnTypeOf(chosen.overload.returns, params);
    return {
      name: def.name,
      signature: signatureOf(params),
      argTypes: params,
      returnType,
      usesFrame: def.usesFrame,
      create: () => def.create(params, returnType),
    };
  }
}
