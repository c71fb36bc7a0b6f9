// Parquet's physical and logical types as SQL types: the columns read_parquet shows, decided from
// the footer alone.

import { type FileMetaData, parquetSchema, type SchemaElement, type SchemaTree } from 'hyparquet';
import { type DataType, listType, numericType, Types } from '../../types/data-type.js';

export interface ParquetColumn {
  readonly name: string;
  readonly type: DataType;
  /** Index of the column's chunk in each row group when it is a single leaf (for statistics). */
  readonly leaf: number | undefined;
}

function primitiveType(e: SchemaElement): DataType {
  const logical = e.logical_type;
  const converted = e.converted_type;
  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') {
    const precision = logical?.type === 'DECIMAL' ? logical.precision : (e.precision ?? 38);
    const scale = logical?.type === 'DECIMAL' ? logical.scale : (e.scale ?? 0);
    return numericType(precision, scale);
  }
  switch (e.type) {
    case 'BOOLEAN':
      return Types.bool;
    case 'INT32':
      if (logical?.type === 'DATE' || converted === 'DATE') return Types.date;
      if (logical?.type === 'TIME' || converted === 'TIME_MILLIS') return Types.time;
      if (logical?.type === 'INTEGER') {
        if (logical.bitWidth <= 16 && (logical.isSigned || logical.bitWidth === 8)) return Types.int2;
        return logical.isSigned || logical.bitWidth < 32 ? Types.int4 : Types.int8;
      }
      if (converted === 'INT_8' || converted === 'INT_16' || converted === 'UINT_8') return Types.int2;
      if (converted === 'UINT_16') return Types.int4;
      if (converted === 'UINT_32') return Types.int8;
      return Types.int4;
    case 'INT64':
      if (logical?.type === 'TIMESTAMP') return logical.isAdjustedToUTC ? Types.timestamptz : Types.timestamp;
      if (converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS') return Types.timestamptz;
      if (logical?.type === 'TIME' || converted === 'TIME_MICROS') return Types.time;
      return Types.int8;
    case 'INT96':
      return Types.timestamp;
    case 'FLOAT':
      return Types.float4;
    case 'DOUBLE':
      return Types.float8;
    case 'BYTE_ARRAY':
      if (logical?.type === 'JSON' || converted === 'JSON') return Types.json;
      if (
        logical?.type === 'STRING' ||
        logical?.type === 'ENUM' ||
        converted === 'UTF8' ||
        converted === 'ENUM'
      )
        return Types.text;
      return Types.bytea;
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical?.type === 'UUID') return Types.uuid;
      if (logical?.type === 'FLOAT16') return Types.float4;
      return Types.bytea;
    default:
      return Types.bytea;
  }
}

/** A nested column: lists of scalars become arrays, everything else (structs, maps) JSON values. */
function nestedType(node: SchemaTree): DataType {
  const e = node.element;
  const isList = e.logical_type?.type === 'LIST' || e.converted_type === 'LIST';
  if (isList && node.children.length === 1) {
    const repeated = node.children[0]!;
    // Three-level lists (list/element) and the legacy two-level form.
    const element = repeated.children.length === 1 ? repeated.children[0]! : repeated;
    if (element.children.length === 0) return listType(primitiveType(element.element));
  }
  return Types.json;
}

/** The top-level columns of a Parquet file. */
export function parquetColumns(metadata: FileMetaData): ParquetColumn[] {
  const root = parquetSchema(metadata);
  let leaf = 0;
  return root.children.map((node) => {
    const leaves = countLeaves(node);
    const column: ParquetColumn = {
      name: node.element.name,
      type:
        node.children.length === 0 && node.element.repetition_type !== 'REPEATED'
          ? primitiveType(node.element)
          : node.children.length === 0
            ? listType(primitiveType(node.element))
            : nestedType(node),
      leaf: node.children.length === 0 ? leaf : undefined,
    };
    leaf += leaves;
    return column;
  });
}

function countLeaves(node: SchemaTree): number {
  return node.children.length === 0 ? 1 : node.children.reduce((s, c) => s + countLeaves(c), 0);
}
