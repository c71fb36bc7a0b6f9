// Validity bitmaps in Arrow's layout: bit i (LSB first) set means row i holds a value.

export type Bitmap = Uint8Array;

export function bitmapBytes(length: number): number {
  return (length + 7) >>> 3;
}

export function newBitmap(length: number, valid: boolean): Bitmap {
  const bm = new Uint8Array(bitmapBytes(length));
  if (valid) bm.fill(0xff);
  return bm;
}

export function getBit(bm: Bitmap, i: number): boolean {
  return (bm[i >>> 3]! & (1 << (i & 7))) !== 0;
}

export function setBit(bm: Bitmap, i: number): void {
  bm[i >>> 3]! |= 1 << (i & 7);
}

export function clearBit(bm: Bitmap, i: number): void {
  bm[i >>> 3]! &= ~(1 << (i & 7));
}

/** AND of two optional bitmaps (null = all valid). */
export function andBitmaps(a: Bitmap | null, b: Bitmap | null, length: number): Bitmap | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Uint8Array(bitmapBytes(length));
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function countValid(bm: Bitmap | null, length: number): number {
  if (bm === null) return length;
  let n = 0;
  for (let i = 0; i < length; i++) if ((bm[i >>> 3]! & (1 << (i & 7))) !== 0) n++;
  return n;
}

/** Returns null when every bit is set, so all-valid vectors carry no bitmap. */
export function simplifyBitmap(bm: Bitmap | null, length: number): Bitmap | null {
  if (bm === null) return null;
  const full = length >>> 3;
  for (let i = 0; i < full; i++) if (bm[i] !== 0xff) return bm;
  for (let i = full * 8; i < length; i++) if (!getBit(bm, i)) return bm;
  return null;
}

export function sliceBitmap(bm: Bitmap | null, start: number, end: number): Bitmap | null {
  if (bm === null) return null;
  const n = end - start;
  if ((start & 7) === 0) return bm.slice(start >>> 3, (start >>> 3) + bitmapBytes(n));
  const out = new Uint8Array(bitmapBytes(n));
  for (let i = 0; i < n; i++) if (getBit(bm, start + i)) setBit(out, i);
  return out;
}
