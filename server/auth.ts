// Password authentication with node:crypto: SCRAM-SHA-256 (RFC 5802 / 7677, as PostgreSQL speaks
// it) and the older md5 challenge. Secrets are derived once; passwords are not kept.

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthMethod = 'scram-sha-256' | 'md5' | 'password';

const SCRAM_ITERATIONS = 4096;

export interface UserSecret {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  /** md5(password || user) in hex, what the md5 method checks against. */
  readonly md5: string;
  /** sha256 of the password, for the cleartext method. */
  readonly passwordHash: Buffer;
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function userSecret(user: string, password: string): UserSecret {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, SCRAM_ITERATIONS, 32, 'sha256');
  return {
    salt,
    iterations: SCRAM_ITERATIONS,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
    md5: createHash('md5')
      .update(password + user)
      .digest('hex'),
    passwordHash: sha256(password),
  };
}

/** A secret nobody can match: used for unknown users so that they go through the same exchange. */
export function impossibleSecret(): UserSecret {
  return userSecret('', randomBytes(32).toString('hex'));
}

export function checkMd5(secret: UserSecret, salt: Buffer, response: string): boolean {
  const expected = 'md5' + createHash('md5').update(secret.md5).update(salt).digest('hex');
  return response.length === expected.length && timingSafeEqual(Buffer.from(response), Buffer.from(expected));
}

export function checkCleartext(secret: UserSecret, password: string): boolean {
  return timingSafeEqual(sha256(password), secret.passwordHash);
}

function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

/** One SCRAM-SHA-256 exchange: client-first → server-first, client-final → server-final or failure. */
export class ScramExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private gs2Header = '';

  constructor(private readonly secret: UserSecret) {}

  /** Reads the client-first-message; returns the server-first-message, or null if malformed. */
  start(clientFirst: string): string | null {
    const m = /^([ny]|p=[^,]*),([^,]*),(.*)$/.exec(clientFirst);
    if (m === null || m[1]!.startsWith('p=')) return null;
    this.gs2Header = `${m[1]},${m[2]},`;
    this.clientFirstBare = m[3]!;
    const clientNonce = attributes(this.clientFirstBare).get('r');
    if (clientNonce === undefined || clientNonce === '') return null;
    this.nonce = clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.secret.salt.toString('base64')},i=${this.secret.iterations}`;
    return this.serverFirst;
  }

  /** Checks the client-final-message's proof; returns the server-final-message, or null on failure. */
  finish(clientFinal: string): string | null {
    const attrs = attributes(clientFinal);
    const proof = attrs.get('p');
    if (attrs.get('r') !== this.nonce || proof === undefined) return null;
    if (attrs.get('c') !== Buffer.from(this.gs2Header).toString('base64')) return null;
    const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(this.secret.storedKey, authMessage);
    const proofBytes = Buffer.from(proof, 'base64');
    if (proofBytes.length !== signature.length) return null;
    const clientKey = Buffer.alloc(signature.length);
    for (let i = 0; i < signature.length; i++) clientKey[i] = proofBytes[i]! ^ signature[i]!;
    if (!timingSafeEqual(sha256(clientKey), this.secret.storedKey)) return null;
    return `v=${hmac(this.secret.serverKey, authMessage).toString('base64')}`;
  }
}
