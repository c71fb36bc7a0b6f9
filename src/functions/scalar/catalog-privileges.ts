// Privilege checks (has_table_privilege and friends): every user of a Larch server may do
// everything, so they answer true for objects that exist, and fail as PostgreSQL does for others.

import type { Scalar } from '../../columnar/vector.js';
import { regclassIn } from '../../catalog/system/reg-names.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import type { EvalContext, ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

const { text, oid, int2, bool } = Types;

const PRIVILEGES = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'truncate',
  'references',
  'trigger',
  'usage',
  'create',
  'connect',
  'temporary',
  'temp',
  'execute',
  'maintain',
]);

function checkPrivilege(text: string): void {
  for (const p of text.split(',')) {
    const word = p
      .trim()
      .toLowerCase()
      .replace(/ with grant option$/, '');
    if (!PRIVILEGES.has(word)) {
      throw new LarchError(SqlState.invalidParameterValue, `unrecognized privilege type: "${p.trim()}"`);
    }
  }
}

type ObjectCheck = (object: Scalar, ctx: EvalContext) => void;

const relationExists: ObjectCheck = (object, ctx) => {
  if (typeof object === 'string') regclassIn(object, ctx.catalog);
};

const schemaExists: ObjectCheck = (object, ctx) => {
  if (typeof object !== 'string') return;
  const builtIn = ['public', 'pg_catalog', 'information_schema', 'pg_toast', 'pg_temp'];
  const exists =
    builtIn.includes(object) ||
    ctx.catalog?.view.entries.some((e) => e.kind === 'schema' && e.name === object);
  if (!exists) throw new LarchError(SqlState.invalidSchemaName, `schema "${object}" does not exist`);
};

const anything: ObjectCheck = () => {};

/** has_X_privilege([user,] object, [column,] privilege) with the object as a name or an oid. */
function privilegeFunction(name: string, what: string, check: ObjectCheck, column = false): ScalarDefinition {
  const objectTypes: DataType[] = [text, oid];
  const columnTypes: DataType[][] = column ? [[text], [int2]] : [[]];
  const overloads = [];
  for (const object of objectTypes) {
    for (const columnArgs of columnTypes) {
      for (const withUser of [false, true]) {
        const args = [...(withUser ? [text] : []), object, ...columnArgs, text];
        overloads.push({
          args,
          returns: bool,
          kernel: () =>
            valueKernel(bool, (v, ctx) => {
              const offset = withUser ? 1 : 0;
              check(v[offset]!, ctx);
              checkPrivilege(v[v.length - 1] as string);
              return true;
            }),
        });
      }
    }
  }
  return {
    kind: 'scalar',
    name,
    stable: true,
    description: `Whether the user holds a privilege on ${what} (always, on a Larch server).`,
    overloads,
  };
}

export const hasTablePrivilege = privilegeFunction('has_table_privilege', 'a table', relationExists);
export const hasAnyColumnPrivilege = privilegeFunction(
  'has_any_column_privilege',
  "a table's columns",
  relationExists,
);
export const hasColumnPrivilege = privilegeFunction('has_column_privilege', 'a column', relationExists, true);
export const hasSchemaPrivilege = privilegeFunction('has_schema_privilege', 'a schema', schemaExists);
export const hasDatabasePrivilege = privilegeFunction('has_database_privilege', 'a database', anything);
export const hasFunctionPrivilege = privilegeFunction('has_function_privilege', 'a function', anything);
export const hasSequencePrivilege = privilegeFunction('has_sequence_privilege', 'a sequence', anything);
