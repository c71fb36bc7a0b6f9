// Ranking window functions: row_number, rank, dense_rank, percent_rank, cume_dist, ntile.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { WindowDefinition, WindowPartition } from '../function.js';

function numbers(
  type: typeof Types.int8 | typeof Types.float8 | typeof Types.int4,
  values: number[],
): Vector {
  return {
    kind: 'f64',
    type,
    length: values.length,
    validity: null,
    data: Float64Array.from(values),
  } as Vector;
}

function ranking(
  name: string,
  description: string,
  compute: (p: WindowPartition) => Vector,
): WindowDefinition {
  return {
    kind: 'window',
    name,
    description,
    usesFrame: false,
    overloads: [
      { args: [], returns: name === 'percent_rank' || name === 'cume_dist' ? Types.float8 : Types.int8 },
    ],
    create: () => ({ evaluate: compute }),
  };
}

export const rowNumber = ranking('row_number', 'Number of the row within its partition, from 1.', (p) =>
  numbers(
    Types.int8,
    Array.from({ length: p.length }, (_, i) => i + 1),
  ),
);

export const rank = ranking(
  'rank',
  'Rank with gaps: 1 + the number of rows before the row’s peer group.',
  (p) =>
    numbers(
      Types.int8,
      Array.from({ length: p.length }, (_, i) => p.peerStart[i]! + 1),
    ),
);

export const denseRank = ranking(
  'dense_rank',
  'Rank without gaps: the number of the row’s peer group.',
  (p) => {
    const out: number[] = [];
    let group = 0;
    for (let i = 0; i < p.length; i++) {
      if (p.peerStart[i] === i) group++;
      out.push(group);
    }
    return numbers(Types.int8, out);
  },
);

export const percentRank = ranking('percent_rank', 'Relative rank: (rank - 1) / (rows - 1).', (p) =>
  numbers(
    Types.float8,
    Array.from({ length: p.length }, (_, i) => (p.length <= 1 ? 0 : p.peerStart[i]! / (p.length - 1))),
  ),
);

export const cumeDist = ranking(
  'cume_dist',
  'Cumulative distribution: rows up to the last peer / rows.',
  (p) =>
    numbers(
      Types.float8,
      Array.from({ length: p.length }, (_, i) => p.peerEnd[i]! / p.length),
    ),
);

export const ntile: WindowDefinition = {
  kind: 'window',
  name: 'ntile',
  description: 'Splits the partition into n buckets as equal as possible and numbers them from 1.',
  usesFrame: false,
  overloads: [{ args: [Types.int4], returns: Types.int4 }],
  create: () => ({
    evaluate: (p) => {
      const out: Scalar[] = [];
      const n = p.length;
      const buckets = n === 0 ? null : (getScalar(p.args[0]!, 0) as number | null);
      if (buckets !== null && buckets <= 0) {
        throw new LarchError(SqlState.ntileInvalidArgument, 'argument of ntile must be greater than zero');
      }
      for (let i = 0; i < n; i++) {
        if (buckets === null) {
          out.push(null);
          continue;
        }
        const per = Math.floor(n / buckets);
        const extra = n % buckets;
        // The first `extra` buckets hold per + 1 rows.
        const bigRows = extra * (per + 1);
        out.push(
          i < bigRows
            ? Math.floor(i / (per + 1)) + 1
            : extra + Math.floor((i - bigRows) / Math.max(per, 1)) + 1,
        );
      }
      return vectorFromScalars(Types.int4, out);
    },
  }),
};
