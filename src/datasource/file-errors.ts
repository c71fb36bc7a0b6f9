// Errors about files: operating-system failures mapped to SQLSTATEs as PostgreSQL's
// errcode_for_file_access() maps them, and data errors that name the file and where in it.

import { LarchError, SqlState } from '../engine/errors.js';

const ERRNO_STATES: Record<string, string> = {
  ENOENT: SqlState.undefinedFile,
  ENOTDIR: SqlState.undefinedFile,
  EACCES: SqlState.insufficientPrivilege,
  EPERM: SqlState.insufficientPrivilege,
  EROFS: SqlState.insufficientPrivilege,
  EEXIST: SqlState.duplicateFile,
  ENOSPC: SqlState.diskFull,
  EDQUOT: SqlState.diskFull,
  EFBIG: SqlState.programLimitExceeded,
  EMFILE: SqlState.insufficientResources,
  ENFILE: SqlState.insufficientResources,
  ENOMEM: SqlState.outOfMemory,
};

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EMFILE: 'Too many open files',
};

/**
 * A LarchError for an operating-system failure on `path`, e.g.
 * `could not open file "x.csv" for reading: No such file or directory` (58P01).
 */
export function fileError(e: unknown, path: string, action: string): LarchError {
  if (e instanceof LarchError) return e;
  const code = (e as { code?: string }).code ?? '';
  const reason = ERRNO_TEXT[code] ?? (e instanceof Error ? e.message : String(e));
  return new LarchError(ERRNO_STATES[code] ?? SqlState.ioError, `could not ${action} "${path}": ${reason}`, {
    cause: e,
  });
}

/** Bad content in a file (malformed CSV, JSON syntax, corrupt Parquet), located as precisely as known. */
export function dataError(
  code: string,
  path: string,
  where: string,
  reason: string,
  extra: { hint?: string; detail?: string } = {},
): LarchError {
  const at = where === '' ? '' : `, ${where}`;
  return new LarchError(code, `${reason} (file "${path}"${at})`, extra);
}

/** Adds the file and position to an error raised while converting a value (22P02, 22003 …). */
export function locateError(e: unknown, path: string, where: string): LarchError {
  if (e instanceof LarchError) {
    return new LarchError(e.code, `${e.message} (file "${path}", ${where})`, {
      detail: e.detail,
      hint: e.hint,
      cause: e,
    });
  }
  return dataError(SqlState.badCopyFileFormat, path, where, e instanceof Error ? e.message : String(e));
}
