// GREATEST and LEAST (NULLs ignored, as in PostgreSQL).

import type { Scalar } from '../../columnar/vector.js';
import { comparatorFor } from '../../types/compare.js';
import type { ScalarDefinition } from '../function.js';
import { valueKernel } from '../kernels.js';

function extreme(name: 'greatest' | 'least'): ScalarDefinition {
  const sign = name === 'greatest' ? 1 : -1;
  return {
    kind: 'scalar',
    name,
    description: `The ${name === 'greatest' ? 'largest' : 'smallest'} non-NULL argument.`,
    example: `SELECT ${name}(1, 3, 2)`,
    overloads: [
      {
        args: ['anyelement'],
        variadic: 'anyelement',
        returns: (a) => a[0]!,
        strict: false,
        kernel: (args, result) => {
          const cmp = comparatorFor(args[0]!);
          return valueKernel(
            result,
            (values) => {
              let best: Scalar = null;
              for (const v of values) if (v !== null && (best === null || cmp(v, best) * sign > 0)) best = v;
              return best;
            },
            { strict: false },
          );
        },
      },
    ],
  };
}

export const greatest = extreme('greatest');
export const least = extreme('least');
