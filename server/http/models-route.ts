// GET /v1/models and GET /v1/models/{name}: the committed models with their type, task, the input
// columns they read, the columns a prediction adds, and their versions with the active one.
//   {"models": [{"name": "m", "model_type": "logistic_reg", "active_version": 2, "versions": [...], ...}]}

import { type ModelSummary, modelSummaries, modelSummary } from '../../src/index.js';
import type { RouteContext } from './http-context.js';
import { sendJson } from './http-response.js';

function modelJson(m: ModelSummary): Record<string, unknown> {
  return {
    name: m.name,
    model_type: m.modelType,
    task: m.task,
    label: m.label,
    active_version: m.activeVersion,
    description: m.description,
    inputs: m.inputs,
    outputs: m.outputs,
    versions: m.versions.map((v) => ({
      version: v.version,
      created_at: v.createdAt,
      model_type: v.modelType,
      is_active: v.isActive,
    })),
  };
}

export function listModelsRoute(ctx: RouteContext): void {
  sendJson(ctx.res, 200, { models: modelSummaries(ctx.engine).map(modelJson) });
}

export function getModelRoute(ctx: RouteContext): void {
  sendJson(ctx.res, 200, modelJson(modelSummary(ctx.engine, ctx.name)));
}
