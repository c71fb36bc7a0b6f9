// The committed models as plain data for online scoring's listing: type, task, the input columns a
// version reads, its prediction columns, and every version with the active one marked.

import type { ModelEntry } from '../../catalog/catalog.js';
import { typeName } from '../../types/data-type.js';
import type { Engine } from '../engine.js';
import { loadModel } from './loaded-model.js';
import { committedModel } from './online-predict.js';
import { predictionColumns } from './prediction-columns.js';
import { scoringPlan } from './scoring-plan.js';

export interface ModelVersionSummary {
  readonly version: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly modelType: string;
  readonly isActive: boolean;
}

export interface ModelSummary {
  readonly name: string;
  /** Of the active version. */
  readonly modelType: string;
  readonly task: string;
  readonly label: string | null;
  readonly activeVersion: number;
  readonly description: string | null;
  /** Input columns the active version reads, with their SQL types. */
  readonly inputs: readonly { readonly name: string; readonly type: string }[];
  /** The columns ML.PREDICT adds with the active version. */
  readonly outputs: readonly { readonly name: string; readonly type: string }[];
  readonly versions: readonly ModelVersionSummary[];
}

function summary(entry: ModelEntry): ModelSummary {
  const active = loadModel(entry, null);
  const task = active.model.task;
  return {
    name: entry.name,
    modelType: active.meta.modelType,
    task,
    label: active.meta.label,
    activeVersion: entry.activeVersion,
    description: entry.description,
    inputs: scoringPlan(active).columns.map((c) => ({ name: c.name, type: c.type })),
    outputs:
      task === 'transform'
        ? []
        : predictionColumns(active).map((c) => ({ name: c.name, type: typeName(c.type) })),
    versions: entry.versions.map((v) => ({
      version: v.version,
      createdAt: new Date(v.createdAt).toISOString(),
      modelType: loadModel(entry, v.version).meta.modelType,
      isActive: v.version === entry.activeVersion,
    })),
  };
}

/** Every committed model, by name. */
export function modelSummaries(engine: Engine): ModelSummary[] {
  if (engine.isClosed) return [];
  return engine.database.committed
    .all()
    .filter((e): e is ModelEntry => e.kind === 'model')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(summary);
}

/** One committed model; 42P01 when there is none. */
export function modelSummary(engine: Engine, name: string): ModelSummary {
  return summary(committedModel(engine, name));
}
