import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CliError } from '../cli-error';

/** Reads the server.json a publisher command works on (default ./server.json) and parses it. */
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
      throw new CliError(
        file === undefined
          ? "server.json not found; run 'mcp-registry init' to create one"
          : `${name} not found, please check the file path`,
      );
    }
    throw new CliError(`cannot read ${name}: ${(err as Error).message}`);
  }
  try {
    return { path, document: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (err) {
    throw new CliError(`invalid JSON in ${name}: ${(err as Error).message}`);
  }
}
