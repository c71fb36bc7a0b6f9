// The native model file: a versioned JSON manifest with parameters as base64 little-endian buffers, or the
// same manifest in a binary container with raw aligned buffers. Readers dispatch on model_type and
// upgrade older format versions step by step; newer versions are refused naming both versions.

import { TreeEnsembleModel } from '../tree/tree-ensemble-model.js';
import { KmeansModel } from '../cluster/kmeans-model.js';
import type { Model, ModelArtifact, ModelType } from '../core/model.js';
import { MODEL_TYPES } from '../core/model.js';
import { mlError } from '../core/ml-error.js';
import { PcaModel } from '../decomposition/pca-model.js';
import { LinearModel } from '../linear/linear-model.js';
import { NaiveBayesModel } from '../bayes/naive-bayes-model.js';
import { AlsModel } from '../recommend/als-model.js';
import { TransformOnlyModel } from '../transform/transform-only-model.js';

export const MODEL_FORMAT = 'larch-model';
/** Version 1: see format/model-format.md. */
export const MODEL_FORMAT_VERSION = 1;

/** Magic bytes of the binary container: "LARCHML" then a NUL. */
const MAGIC = Uint8Array.of(0x4c, 0x41, 0x52, 0x43, 0x48, 0x4d, 0x4c, 0x00);

type DType = 'float64' | 'int32';

interface BufferEntry {
  readonly dtype: DType;
  readonly length: number;
  /** Base64 of the little-endian bytes (JSON files). */
  readonly data?: string;
  /** Byte offset in the data section and its byte length (binary files). */
  readonly offset?: number;
}

export interface ModelManifest {
  readonly format: typeof MODEL_FORMAT;
  readonly format_version: number;
  readonly model_type: ModelType;
  /** Engine-level content: TRANSFORM program, feature schema, options, metrics, engine version. */
  readonly metadata: Record<string, unknown>;
  readonly params: Record<string, unknown>;
  readonly buffers: Record<string, BufferEntry>;
}

const READERS: Readonly<Record<ModelType, (a: ModelArtifact) => Model>> = {
  linear_reg: LinearModel.fromArtifact,
  logistic_reg: LinearModel.fromArtifact,
  decision_tree_classifier: TreeEnsembleModel.fromArtifact,
  decision_tree_regressor: TreeEnsembleModel.fromArtifact,
  random_forest_classifier: TreeEnsembleModel.fromArtifact,
  random_forest_regressor: TreeEnsembleModel.fromArtifact,
  boosted_tree_classifier: TreeEnsembleModel.fromArtifact,
  boosted_tree_regressor: TreeEnsembleModel.fromArtifact,
  naive_bayes: NaiveBayesModel.fromArtifact,
  kmeans: KmeansModel.fromArtifact,
  pca: PcaModel.fromArtifact,
  matrix_factorization: AlsModel.fromArtifact,
  transform_only: TransformOnlyModel.fromArtifact,
};

/** Upgrades a manifest of version v to v + 1; empty while only version 1 exists. */
const UPGRADES: Readonly<Record<number, (m: ModelManifest) => ModelManifest>> = {};

/** The model as a JSON text (parameters base64-encoded). */
export function encodeModelJson(model: Model, metadata: Record<string, unknown> = {}): string {
  const artifact = model.toArtifact();
  const buffers: Record<string, BufferEntry> = {};
  for (const [name, array] of Object.entries(artifact.buffers))
    buffers[name] = {
      dtype: dtypeOf(array),
      length: array.length,
      data: Buffer.from(littleEndian(array)).toString('base64'),
    };
  return JSON.stringify(manifest(artifact, metadata, buffers));
}

/** The model as bytes: magic, u32 format version, u32 manifest length, manifest, then 8-aligned buffers. */
export function encodeModelBinary(model: Model, metadata: Record<string, unknown> = {}): Uint8Array {
  const artifact = model.toArtifact();
  const buffers: Record<string, BufferEntry> = {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(artifact.buffers)) {
    buffers[name] = { dtype: dtypeOf(array), length: array.length, offset };
    const bytes = littleEndian(array);
    parts.push(bytes);
    offset += align8(bytes.length);
  }
  const json = new TextEncoder().encode(JSON.stringify(manifest(artifact, metadata, buffers)));
  const head = 16 + align8(json.length);
  const out = new Uint8Array(head + offset);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, MODEL_FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  out.set(json, 16);
  let at = head;
  for (const p of parts) {
    out.set(p, at);
    at += align8(p.length);
  }
  return out;
}

/** Reads a model file (JSON text or binary container) written by this or an older format version. */
export function decodeModel(input: string | Uint8Array): { model: Model; metadata: Record<string, unknown> } {
  let m: ModelManifest;
  let data: Uint8Array | null = null;
  if (typeof input === 'string') m = parseManifest(input);
  else {
    if (input.length < 16 || !MAGIC.every((b, i) => input[i] === b))
      throw mlError('not a Larch model file (bad magic bytes)');
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const length = view.getUint32(12, true);
    m = parseManifest(new TextDecoder().decode(input.subarray(16, 16 + length)));
    data = input.subarray(16 + align8(length));
  }
  m = upgrade(m);
  const buffers: Record<string, Float64Array | Int32Array> = {};
  for (const [name, entry] of Object.entries(m.buffers)) buffers[name] = readBuffer(name, entry, data);
  const read = READERS[m.model_type];
  if (!read) throw mlError(`model file has unknown model_type '${String(m.model_type)}'`);
  return { model: read({ modelType: m.model_type, params: m.params, buffers }), metadata: m.metadata };
}

function manifest(
  artifact: ModelArtifact,
  metadata: Record<string, unknown>,
  buffers: Record<string, BufferEntry>,
): ModelManifest {
  return {
    format: MODEL_FORMAT,
    format_version: MODEL_FORMAT_VERSION,
    model_type: artifact.modelType,
    metadata,
    params: artifact.params,
    buffers,
  };
}

function parseManifest(text: string): ModelManifest {
  let m: ModelManifest;
  try {
    m = JSON.parse(text) as ModelManifest;
  } catch {
    throw mlError('model file is not valid JSON');
  }
  if (m?.format !== MODEL_FORMAT) throw mlError(`not a Larch model file (format is '${String(m?.format)}')`);
  if (!MODEL_TYPES.includes(m.model_type))
    throw mlError(`model file has unknown model_type '${String(m.model_type)}'`);
  return m;
}

function upgrade(m: ModelManifest): ModelManifest {
  const version = m.format_version;
  if (!Number.isInteger(version) || version < 1)
    throw mlError(`model file has an invalid format version '${String(version)}'`);
  if (version > MODEL_FORMAT_VERSION)
    throw mlError(
      `model file format version ${version} is newer than this Larch reads (version ${MODEL_FORMAT_VERSION})`,
      'export it again from the newer Larch, or upgrade Larch',
    );
  let current = m;
  for (let v = version; v < MODEL_FORMAT_VERSION; v++) {
    const step = UPGRADES[v];
    if (!step)
      throw mlError(
        `model file format version ${version} can no longer be read (current version ${MODEL_FORMAT_VERSION})`,
      );
    current = step(current);
  }
  return current;
}

function readBuffer(name: string, e: BufferEntry, data: Uint8Array | null): Float64Array | Int32Array {
  const width = e.dtype === 'float64' ? 8 : e.dtype === 'int32' ? 4 : 0;
  if (width === 0) throw mlError(`model buffer '${name}' has unknown dtype '${String(e.dtype)}'`);
  let bytes: Uint8Array;
  if (e.data !== undefined) bytes = Buffer.from(e.data, 'base64');
  else if (data && e.offset !== undefined) bytes = data.subarray(e.offset, e.offset + e.length * width);
  else throw mlError(`model buffer '${name}' has no data`);
  if (bytes.length !== e.length * width) throw mlError(`model buffer '${name}' is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.dtype === 'float64')
    return Float64Array.from({ length: e.length }, (_, i) => view.getFloat64(i * 8, true));
  return Int32Array.from({ length: e.length }, (_, i) => view.getInt32(i * 4, true));
}

function littleEndian(a: Float64Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(a.length * a.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  if (a instanceof Float64Array) for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i]!, true);
  else for (let i = 0; i < a.length; i++) view.setInt32(i * 4, a[i]!, true);
  return bytes;
}

function dtypeOf(a: Float64Array | Int32Array): DType {
  return a instanceof Float64Array ? 'float64' : 'int32';
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
