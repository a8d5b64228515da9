import { Json, isObject, objects, strings, text } from './server-document';

/**
 * The command line a client builds from a server.json package, as the MCP clients do (VS Code's
 * `McpMappingUtility`, the registry's docs): the runner from the registry type (npm `npx`, pypi
 * `uvx`, nuget `dnx`, oci `docker run`) unless `runtimeHint` names another, then the runtime
 * arguments, the package at its version, the package arguments; environment variables as `NAME=...`
 * before the command, or `-e NAME=...` for docker. A value the user must supply is a `{placeholder}`;
 * optional inputs without a fixed value stay out of the line and are listed in `inputs`.
 */
export interface RunLine {
  /** The shell line to copy (quoted for a POSIX shell); absent when the package is a download. */
  command?: string;
  /** The program and its arguments, unquoted, as a client would spawn them. */
  argv: string[];
  /** Environment variables in the line, in order. */
  env: Array<[name: string, value: string]>;
  /** An MCPB bundle: where to download it, and its SHA-256 when given. */
  download?: { url: string; sha256?: string };
  /** Every argument, environment variable and `{variable}` the package declares. */
  inputs: PackageInput[];
}

export type InputKind = 'runtime argument' | 'package argument' | 'environment variable' | 'variable';

export interface PackageInput {
  kind: InputKind;
  /** The flag, the positional's hint, the variable's name. */
  name: string;
  /** What goes on the line: the fixed value, or a `{placeholder}`. */
  value?: string;
  required: boolean;
  secret: boolean;
  repeated: boolean;
  default?: string;
  choices: string[];
  description?: string;
  /** Whether the input is part of `command` (optional ones without a value are not). */
  inLine: boolean;
}

const DEFAULT_RUNNERS: Record<string, string> = { npm: 'npx', pypi: 'uvx', nuget: 'dnx', oci: 'docker' };

export function runLineOf(pkg: Json): RunLine {
  const registryType = text(pkg.registryType) ?? 'unknown';
  const identifier = text(pkg.identifier) ?? '';
  const version = text(pkg.version);
  const inputs: PackageInput[] = [];
  const runtimeArgs = argumentsOf(pkg.runtimeArguments, 'runtime argument', inputs);
  const env = environmentOf(pkg.environmentVariables, inputs);
  const packageArgs = argumentsOf(pkg.packageArguments, 'package argument', inputs);

  if (registryType === 'mcpb') {
    const sha256 = text(pkg.fileSha256);
    return {
      argv: [],
      env: [],
      download: { url: identifier, ...(sha256 !== undefined ? { sha256 } : {}) },
      inputs,
    };
  }

  const runner = text(pkg.runtimeHint) ?? DEFAULT_RUNNERS[registryType] ?? registryType;
  let argv: string[];
  let lineEnv = env;
  switch (registryType) {
    case 'npm': {
      const yes = runner === 'npx' && !runtimeArgs.some((a) => a === '-y' || a === '--yes') ? ['-y'] : [];
      argv = [runner, ...yes, ...runtimeArgs, at(identifier, '@', version), ...packageArgs];
      break;
    }
    case 'pypi':
      argv = [runner, ...runtimeArgs, at(identifier, '==', version), ...packageArgs];
      break;
    case 'nuget': {
      const yes = runner === 'dnx' ? ['--yes'] : [];
      // dnx passes what follows `--` to the tool rather than reading it as its own options.
      const rest = packageArgs.length > 0 ? ['--', ...packageArgs] : [];
      argv = [runner, ...runtimeArgs, at(identifier, '@', version), ...yes, ...rest];
      break;
    }
    case 'oci': {
      const envFlags = env.flatMap(([name, value]) => ['-e', `${name}=${value}`]);
      argv = [runner, 'run', '-i', '--rm', ...runtimeArgs, ...envFlags, image(identifier, version)];
      argv.push(...packageArgs);
      lineEnv = [];
      break;
    }
    default:
      argv = [runner, ...runtimeArgs, at(identifier, '@', version), ...packageArgs];
  }
  const assignments = lineEnv.map(([name, value]) => `${name}=${shellQuote(value)}`);
  return { command: [...assignments, ...argv.map(shellQuote)].join(' '), argv, env: lineEnv, inputs };
}

function at(identifier: string, separator: string, version: string | undefined): string {
  return version === undefined ? identifier : `${identifier}${separator}${version}`;
}

/** An image reference with the package version as its tag, unless it already names a tag or digest. */
function image(identifier: string, version: string | undefined): string {
  const lastSegment = identifier.slice(identifier.lastIndexOf('/') + 1);
  if (version === undefined || lastSegment.includes(':') || identifier.includes('@')) return identifier;
  return `${identifier}:${version}`;
}

function inputOf(raw: Json, kind: InputKind, name: string, value: string | undefined, inLine: boolean) {
  const def = text(raw.default);
  const description = text(raw.description);
  const input: PackageInput = {
    kind,
    name,
    required: raw.isRequired === true,
    secret: raw.isSecret === true,
    repeated: raw.isRepeated === true,
    choices: strings(raw.choices),
    inLine,
    ...(value !== undefined ? { value } : {}),
    ...(def !== undefined ? { default: def } : {}),
    ...(description !== undefined ? { description } : {}),
  };
  return input;
}

/** The `{name}` variables a value refers to, listed as inputs of their own. */
function variablesOf(raw: Json, inputs: PackageInput[]): void {
  if (!isObject(raw.variables)) return;
  for (const [name, variable] of Object.entries(raw.variables)) {
    if (isObject(variable)) inputs.push(inputOf(variable, 'variable', name, `{${name}}`, true));
  }
}

/**
 * The arguments' tokens on the line. Positional: its value, else `{valueHint}` when required. Named:
 * the flag and its value (separate tokens, as clients spawn them), `{flag}` when a required value is
 * missing, the bare flag for a required boolean.
 */
function argumentsOf(list: unknown, kind: InputKind, inputs: PackageInput[]): string[] {
  const tokens: string[] = [];
  for (const raw of objects(list)) {
    const value = typeof raw.value === 'string' ? raw.value : undefined;
    const required = raw.isRequired === true;
    if (raw.type === 'named') {
      const flag = text(raw.name);
      if (flag === undefined) continue;
      const boolean = raw.format === 'boolean';
      const placeholder = text(raw.valueHint) ?? flag.replace(/^-+/, '');
      const shown = value ?? (boolean ? undefined : `{${placeholder}}`);
      const inLine = value !== undefined || required;
      if (inLine) tokens.push(flag, ...(value !== undefined || !boolean ? [shown!] : []));
      inputs.push(inputOf(raw, kind, flag, shown, inLine));
    } else {
      const hint = text(raw.valueHint);
      const shown = value ?? (hint !== undefined ? `{${hint}}` : undefined);
      const inLine = shown !== undefined && (value !== undefined || required);
      if (inLine) tokens.push(shown);
      inputs.push(inputOf(raw, kind, hint ?? value ?? '(positional)', shown, inLine));
    }
    variablesOf(raw, inputs);
  }
  return tokens;
}

/** Environment variables on the line: those with a fixed value, and required ones as `{NAME}`. */
function environmentOf(list: unknown, inputs: PackageInput[]): Array<[string, string]> {
  const env: Array<[string, string]> = [];
  for (const raw of objects(list)) {
    const name = text(raw.name);
    if (name === undefined) continue;
    const value = typeof raw.value === 'string' ? raw.value : undefined;
    const shown = value ?? `{${name}}`;
    const inLine = value !== undefined || raw.isRequired === true;
    if (inLine) env.push([name, shown]);
    inputs.push(inputOf(raw, 'environment variable', name, shown, inLine));
    variablesOf(raw, inputs);
  }
  return env;
}

/**
 * One token for a POSIX shell: left bare when it holds only characters no shell treats specially
 * (a `{placeholder}` included, but not `{a,b}`, which bash would expand), else in single quotes.
 */
export function shellQuote(token: string): string {
  if (/^[A-Za-z0-9_@%+=:,./{}-]+$/.test(token) && !/\{[^}]*,[^}]*\}/.test(token)) return token;
  return `'${token.replace(/'/g, `'\\''`)}'`;
}
