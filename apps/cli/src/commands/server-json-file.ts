import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../cli-error';

/**
 * Reads the server.json a publisher command works on (default ./server.json) and parses it; a file
 * that cannot be used is an InputError (exit code 2).
 */
export async function readServerJsonFile(
  cwd: string,
  file: string | undefined,
): Promise<{ path: string; document: unknown }> {
  const name = file ?? 'server.json';
  const path = isAbsolute(name) ? name : join(cwd, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(
        file === undefined
          ? "server.json not found; run 'mcp-registry init' to create one"
          : `${name} not found, please check the file path`,
      );
    }
    throw new InputError(`cannot read ${name}: ${(err as Error).message}`);
  }
  try {
    return { path, document: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (err) {
    throw new InputError(`invalid JSON in ${name}: ${(err as Error).message}`);
  }
}
