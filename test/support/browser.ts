import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Where the browser tests' Chromium is, or why there is none (the suite then skips, saying so). */
export type ChromiumLookup = { path: string } | { missing: string };

const say = (line: string): void => console.log(`[browser] ${line}`);

/** Debian's and other distributions' usual places, after `CHROMIUM_PATH`. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const HOW =
  'Install Debian\'s "chromium" package (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium';

function onPath(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = found.stdout.trim();
    if (found.status === 0 && path !== '') return path;
  }
  return undefined;
}

function installed(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path)) ?? onPath();
}

/**
 * `CHROMIUM_PATH` when set; else an installed Chromium; else, when the tests run as root and apt-get
 * is there (CI's container), Debian's `chromium` installed now, as scripts/kafka-mock/build.sh does
 * for build-essential. Otherwise the reason, naming the package and the variable.
 */
export function findChromium(): ChromiumLookup {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { missing: `CHROMIUM_PATH=${fromEnv} does not exist. ${HOW}` };
  }
  const found = installed();
  if (found !== undefined) return { path: found };
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    return {
      missing: `chromium is not installed and apt-get cannot add it here (not root, or no apt-get). ${HOW}`,
    };
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    say(`chromium is missing: running apt-get ${args.join(' ')}`);
    const res = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 10 * 60_000 });
    if (res.status !== 0) {
      return {
        missing: `apt-get ${args.join(' ')} failed (${res.error?.message ?? `exit ${res.status}`}). ${HOW}`,
      };
    }
  }
  const after = installed();
  return after !== undefined
    ? { path: after }
    : { missing: `apt-get installed chromium but it is not on PATH. ${HOW}` };
}

/**
 * Headless Chromium driven by playwright-core: no sandbox (CI runs as root in a container), no GPU,
 * no background traffic (updates, safe browsing) leaving the machine.
 */
export async function launchChromium(path: string): Promise<Browser> {
  say(`using ${path}`);
  return chromium.launch({
    executablePath: path,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
