import assert from 'node:assert/strict';

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  /** The base image with `${ARG}` references resolved from the global ARG defaults. */
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export interface Copy {
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
}

/** Splits a Dockerfile into stages; enough of the syntax for the files we write (no heredocs). */
export function parseDockerfile(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Array<{ name: string | undefined; from: string; instructions: Instruction[] }> = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      assert.ok(m, `Dockerfile:${instruction.line}: cannot read FROM ${instruction.args}`);
      const from = (m[1] as string).replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, a: string, b: string) => {
        const value = globalArgs.get(a ?? b);
        assert.ok(value !== undefined, `Dockerfile:${instruction.line}: ARG ${a ?? b} has no default`);
        return value;
      });
      stages.push({ name: m[2], from, instructions: [] });
    } else if (stages.length === 0) {
      assert.equal(instruction.keyword, 'ARG', `Dockerfile:${instruction.line}: only ARG may precede FROM`);
      const [name, value] = instruction.args.split('=', 2);
      if (name !== undefined && value !== undefined) globalArgs.set(name.trim(), value.trim());
    } else {
      (stages.at(-1) as { instructions: Instruction[] }).instructions.push(instruction);
    }
  }
  return stages;
}

function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    // Comment lines are dropped even inside a continuation, as Docker does.
    if (/^\s*#/.test(line) || (pending === '' && line.trim() === '')) return;
    if (pending === '') startLine = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const whole = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s+([\s\S]*)$/.exec(whole);
    assert.ok(m, `Dockerfile:${startLine}: cannot read "${whole}"`);
    out.push({
      keyword: (m[1] as string).toUpperCase(),
      args: (m[2] as string).replace(/\s+/g, ' ').trim(),
      line: startLine,
    });
  });
  assert.equal(pending, '', 'Dockerfile ends inside a continuation line');
  return out;
}

export function stageNamed(stages: readonly Stage[], name: string): Stage {
  const stage = stages.find((s) => s.name === name);
  assert.ok(stage, `Dockerfile: no stage named ${name}`);
  return stage;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The exec (JSON array) form of CMD or ENTRYPOINT; the shell form is refused (signals). */
export function execForm(instruction: Instruction): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(instruction.args);
  } catch {
    assert.fail(`Dockerfile:${instruction.line}: ${instruction.keyword} must use the exec (JSON) form`);
  }
  assert.ok(
    Array.isArray(parsed) && parsed.every((w) => typeof w === 'string'),
    `Dockerfile:${instruction.line}: ${instruction.keyword} must be a JSON array of strings`,
  );
  return parsed as string[];
}

export function copiesOf(stage: Stage): Copy[] {
  return instructionsOf(stage, 'COPY').map((instruction) => {
    const words = instruction.args.split(' ');
    let from: string | undefined;
    while (words[0]?.startsWith('--')) {
      const flag = words.shift() as string;
      if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
    }
    assert.ok(words.length >= 2, `Dockerfile:${instruction.line}: COPY needs a source and a destination`);
    return { from, sources: words.slice(0, -1), destination: words.at(-1) as string };
  });
}

/** The runtime user of a stage: the last USER, as numeric uid and gid. */
export function numericUser(stage: Stage): { uid: number; gid: number } {
  const user = instructionsOf(stage, 'USER').at(-1);
  assert.ok(user, 'Dockerfile: the runtime stage sets no USER (it would run as root)');
  const m = /^(\d+)(?::(\d+))?$/.exec(user.args);
  assert.ok(
    m,
    `Dockerfile:${user.line}: USER must be numeric (Kubernetes runAsNonRoot cannot verify a name)`,
  );
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}
