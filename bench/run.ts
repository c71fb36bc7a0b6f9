// The benchmark command: `npm run bench -- <name> [options]`. Each benchmark compares Larch with a
// peer (DuckDB, PostgreSQL) in the same run and prints the ratios.

import { groupByBench } from './groupby.js';
import { httpPredictBench } from './http-predict.js';
import { streamBench } from './stream.js';
import { wireBench } from './wire.js';
import { ioBench } from './io.js';
import { mlBench } from './ml/ml-bench.js';
import { tpchBench } from './tpch/tpch.js';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const v = flag(args, name);
  return v === undefined ? fallback : Number(v);
}

const BENCHES: Record<string, (args: readonly string[]) => Promise<void>> = {
  io: (args) => ioBench({ sf: numberFlag(args, 'sf', 0.1), runs: numberFlag(args, 'runs', 3) }),
  tpch: (args) =>
    tpchBench({
      sf: numberFlag(args, 'sf', 1),
      runs: numberFlag(args, 'runs', 3),
      threads: flag(args, 'threads') === undefined ? undefined : Number(flag(args, 'threads')),
      queries: flag(args, 'queries')?.split(',').map(Number),
      postgres: flag(args, 'postgres'),
      scaling: args.includes('--scaling'),
    }),
  groupby: (args) =>
    groupByBench({
      rows: numberFlag(args, 'rows', 10_000_000),
      runs: numberFlag(args, 'runs', 5),
      threads: flag(args, 'threads') === undefined ? undefined : Number(flag(args, 'threads')),
    }),
  stream: (args) =>
    streamBench({
      seconds: numberFlag(args, 'seconds', 5),
      rate: numberFlag(args, 'rate', 1000),
      events: numberFlag(args, 'events', 200_000),
      clients: numberFlag(args, 'clients', 16),
    }),
  wire: (args) =>
    wireBench({
      postgres: flag(args, 'postgres'),
      rows: numberFlag(args, 'rows', 1_000_000),
      clients: numberFlag(args, 'clients', 16),
      seconds: numberFlag(args, 'seconds', 5),
      queries: numberFlag(args, 'queries', 10_000),
      warmup: numberFlag(args, 'warmup', 10_000),
    }),
  ml: (args) =>
    mlBench({
      rows: numberFlag(args, 'rows', 1_000_000),
      runs: numberFlag(args, 'runs', 3),
      forestSeeds: numberFlag(args, 'forest-seeds', 5),
      spamFeatures: numberFlag(args, 'spam-features', 65_536),
      only: flag(args, 'only')?.split(',') ?? [],
    }),
  http: async (args) => {
    await httpPredictBench({
      seconds: numberFlag(args, 'seconds', 5),
      clients: numberFlag(args, 'clients', 16),
    });
  },
};

async function main(argv: readonly string[]): Promise<void> {
  const [name, ...rest] = argv;
  const bench = name === undefined ? undefined : BENCHES[name];
  if (bench === undefined) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  await bench(rest);
}

await main(process.argv.slice(2));
