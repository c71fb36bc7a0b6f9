// File system failures as LarchErrors: SQLSTATE by cause (disk full, permissions, missing file, other
// I/O) and a message naming the file, as PostgreSQL words them.

import { LarchError, SqlState } from '../engine/errors.js';

export type FileOperation =
  'open' | 'read' | 'write to' | 'fsync' | 'create' | 'rename' | 'remove' | 'truncate';

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EROFS: 'Read-only file system',
  EIO: 'Input/output error',
  EMFILE: 'Too many open files',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
};

function codeFor(errno: string | undefined): string {
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return SqlState.diskFull;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return SqlState.insufficientPrivilege;
    case 'ENOENT':
      return SqlState.undefinedFile;
    case 'EMFILE':
    case 'ENFILE':
      return SqlState.insufficientResources;
    default:
      return SqlState.ioError;
  }
}

/** `could not write to file "…/wal-000001.log": No space left on device` with SQLSTATE 53100. */
export function fileError(
  operation: FileOperation,
  path: string,
  e: unknown,
  noun: 'file' | 'directory' = 'file',
): LarchError {
  if (e instanceof LarchError) return e;
  const errno = (e as NodeJS.ErrnoException | null)?.code;
  const reason =
    (errno !== undefined ? REASONS[errno] : undefined) ?? (e instanceof Error ? e.message : String(e));
  return new LarchError(codeFor(errno), `could not ${operation} ${noun} "${path}": ${reason}`, { cause: e });
}
