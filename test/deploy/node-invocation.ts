import assert from 'node:assert/strict';

/** `node -r <preload>... <entry> <args...>`, found in a container's argv. */
export interface NodeInvocation {
  readonly preloads: readonly string[];
  readonly entry: string;
  readonly args: readonly string[];
}

const INIT = ['/usr/bin/tini', '--'];

/**
 * The node command line a container runs: its argv directly, after the init process (tini), or as
 * the final `exec node ...` of an `sh -c` script (which must then use no quoting on that line).
 */
export function nodeInvocation(argv: readonly string[], where: string): NodeInvocation {
  let words = [...argv];
  if (INIT.every((word, i) => words[i] === word)) words = words.slice(INIT.length);
  if (words[0] === 'sh' && words[1] === '-c') {
    assert.equal(words.length, 3, `${where}: sh -c takes one script`);
    words = lastNodeStatement(words[2] as string, where);
  }
  assert.equal(words[0], 'node', `${where}: expected a node command, got ${JSON.stringify(argv)}`);
  const preloads: string[] = [];
  let i = 1;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '-r' || word === '--require') {
      const preload = words[++i];
      assert.ok(preload !== undefined, `${where}: ${word} without a module`);
      preloads.push(preload);
    } else if (word.startsWith('-')) {
      assert.fail(`${where}: unexpected node option ${word} (set NODE_OPTIONS instead)`);
    } else {
      break;
    }
  }
  const entry = words[i];
  assert.ok(entry !== undefined, `${where}: node without a script`);
  return { preloads, entry, args: words.slice(i + 1) };
}

function lastNodeStatement(script: string, where: string): string[] {
  const statements = script
    .split(/;|&&|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const last = statements.at(-1) ?? '';
  assert.match(
    last,
    /^exec node\s/,
    `${where}: the script must end with "exec node ..." (signals reach node)`,
  );
  assert.doesNotMatch(last, /["'\\$]/, `${where}: quoting or expansion on the node line is not checked here`);
  return last.split(/\s+/).slice(1);
}
