import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../cli-error';

/**
 * The registry token a login obtained, kept in ~/.mcp-registry/token.json (the official publisher keeps
 * the same fields in ~/.mcp_publisher_token). Readable by the owner only: it authorises publishing.
 */
export interface StoredToken {
  token: string;
  method: string;
  registry: string;
  /** Unix seconds, as the registry's token exchange reports it. */
  expiresAt?: number;
}

export function tokenFilePath(homeDir: string): string {
  return join(homeDir, '.mcp-registry', 'token.json');
}

export async function saveToken(homeDir: string, stored: StoredToken): Promise<string> {
  const path = tokenFilePath(homeDir);
  await mkdir(join(homeDir, '.mcp-registry'), { recursive: true, mode: 0o700 });
  const body = {
    token: stored.token,
    method: stored.method,
    registry: stored.registry,
    expires_at: stored.expiresAt,
  };
  // Write then rename, so that a crash never leaves half a token file behind.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}

export async function loadToken(homeDir: string): Promise<StoredToken | undefined> {
  const path = tokenFilePath(homeDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof o.token !== 'string' || o.token === '') {
    throw new CliError(`${path} holds no token; run 'mcp-registry login <method>' again`);
  }
  return {
    token: o.token,
    method: typeof o.method === 'string' ? o.method : 'unknown',
    registry: typeof o.registry === 'string' ? o.registry : '',
    expiresAt: typeof o.expires_at === 'number' ? o.expires_at : undefined,
  };
}

/** The stored token, or a one-line error saying how to get one. */
export async function requireToken(homeDir: string, now: Date): Promise<StoredToken> {
  const stored = await loadToken(homeDir);
  if (!stored) throw new CliError("not logged in; run 'mcp-registry login <method>' first");
  if (stored.expiresAt !== undefined && stored.expiresAt * 1000 <= now.getTime()) {
    const when = new Date(stored.expiresAt * 1000).toISOString();
    throw new CliError(`the registry token from '${stored.method}' login expired at ${when}; log in again`);
  }
  return stored;
}

export async function deleteToken(homeDir: string): Promise<boolean> {
  const path = tokenFilePath(homeDir);
  try {
    await rm(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot remove ${path}: ${(err as Error).message}`);
  }
}
