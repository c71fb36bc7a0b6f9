// Value window functions: lag, lead, first_value, last_value, nth_value.

import type { Scalar } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { WindowDefinition } from '../function.js';

function offsetFunction(name: 'lag' | 'lead'): WindowDefinition {
  const sign = name === 'lag' ? -1 : 1;
  return {
    kind: 'window',
    name,
    description: `The value ${name === 'lag' ? 'offset rows before' : 'offset rows after'} the current row in its partition (default offset 1), or the default.`,
    usesFrame: false,
    overloads: [
      { args: ['anyelement'], returns: (a) => a[0]! },
      { args: ['anyelement', Types.int4], returns: (a) => a[0]! },
      { args: ['anyelement', Types.int4, 'anyelement'], returns: (a) => a[0]! },
    ],
    create: (_, result) => ({
      evaluate: (p) => {
        const out: Scalar[] = [];
        const [values, offsets, defaults] = p.args;
        for (let i = 0; i < p.length; i++) {
          const offset = offsets === undefined ? 1 : (getScalar(offsets, i) as number | null);
          if (offset === null) {
            out.push(null);
            continue;
          }
          const j = i + sign * offset;
          out.push(
            j >= 0 && j < p.length
              ? getScalar(values!, j)
              : defaults === undefined
                ? null
                : getScalar(defaults, i),
          );
        }
        return vectorFromScalars(result, out);
      },
    }),
  };
}

export const lag = offsetFunction('lag');
export const lead = offsetFunction('lead');

export const firstValue: WindowDefinition = {
  kind: 'window',
  name: 'first_value',
  description: 'The value at the first row of the window frame.',
  usesFrame: true,
  overloads: [{ args: ['anyelement'], returns: (a) => a[0]! }],
  create: (_, result) => ({
    evaluate: (p) => {
      const out: Scalar[] = [];
      for (let i = 0; i < p.length; i++) {
        out.push(p.frameStart[i]! < p.frameEnd[i]! ? getScalar(p.args[0]!, p.frameStart[i]!) : null);
      }
      return vectorFromScalars(result, out);
    },
  }),
};

export const lastValue: WindowDefinition = {
  kind: 'window',
  name: 'last_value',
  description: 'The value at the last row of the window frame.',
  usesFrame: true,
  overloads: [{ args: ['anyelement'], returns: (a) => a[0]! }],
  create: (_, result) => ({
    evaluate: (p) => {
      const out: Scalar[] = [];
      for (let i = 0; i < p.length; i++) {
        out.push(p.frameStart[i]! < p.frameEnd[i]! ? getScalar(p.args[0]!, p.frameEnd[i]! - 1) : null);
      }
      return vectorFromScalars(result, out);
    },
  }),
};

export const nthValue: WindowDefinition = {
  kind: 'window',
  name: 'nth_value',
  description: 'The value at the n-th row (from 1) of the window frame.',
  usesFrame: true,
  overloads: [{ args: ['anyelement', Types.int4], returns: (a) => a[0]! }],
  create: (_, result) => ({
    evaluate: (p) => {
      const out: Scalar[] = [];
      for (let i = 0; i < p.length; i++) {
        const nth = getScalar(p.args[1]!, i) as number | null;
        if (nth !== null && nth <= 0) {
          throw new LarchError(
            SqlState.invalidArgumentForNthValue,
            'argument of nth_value must be greater than zero',
          );
        }
        const j = nth === null ? -1 : p.frameStart[i]! + nth - 1;
        out.push(nth !== null && j < p.frameEnd[i]! ? getScalar(p.args[0]!, j) : null);
      }
      return vectorFromScalars(result, out);
    },
  }),
};
