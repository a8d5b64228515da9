import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkArgument, checkPackage } from './package-rules';

type Issue = [path: string, message: string, reference: string];

function argumentIssues(argument: Record<string, unknown>): Issue[] {
  return checkArgument('arg', argument).map((i) => [i.path, i.message, i.reference]);
}

// Ported from validators_test.go (TestValidateArgument_*) and validation_detailed_test.go.
const VALID: Record<string, unknown>[] = [
  { type: 'named', name: '--directory', value: '/path/to/dir' },
  { type: 'named', name: '--port', default: '8080' },
  { type: 'named', name: '-v', value: 'true' },
  { type: 'named', name: '-p' },
  { type: 'named', name: 'config', value: '/etc/config.json' },
  { type: 'named', name: 'verbose', default: 'false' },
  { type: 'named', name: 'output-format', value: 'json' },
  { type: 'named', name: '--with-editable', value: '$REPOSITORY_DIRECTORY' },
  { type: 'named', name: '--port', value: 'use --port for configuration' },
  { type: 'positional', name: 'anything with spaces', value: 'x' },
  { type: 'positional', name: 'anything<with>brackets', valueHint: 'x' },
  { type: 'positional', value: '--port 8080' },
];

const INVALID: [Record<string, unknown>, Issue[]][] = [
  [
    { type: 'named', name: '--directory <absolute_path_to_adfin_mcp_folder>' },
    [
      [
        'arg.name',
        'invalid named argument name format: --directory <absolute_path_to_adfin_mcp_folder>',
        'invalid-named-argument-name',
      ],
    ],
  ],
  [
    { type: 'named', name: '--port 8080' },
    [['arg.name', 'invalid named argument name format: --port 8080', 'invalid-named-argument-name']],
  ],
  [
    { type: 'named', name: '--config $CONFIG_FILE' },
    [
      [
        'arg.name',
        'invalid named argument name format: --config $CONFIG_FILE',
        'invalid-named-argument-name',
      ],
    ],
  ],
  [
    { type: 'named', name: '' },
    [['arg.name', 'named argument name is required', 'named-argument-name-required']],
  ],
  [
    { type: 'named', value: 'x' },
    [
      ['arg.name', 'named argument name is required', 'named-argument-name-required'],
      [
        'arg.value',
        "argument value cannot start with the argument name: value starts with argument name '': x",
        'argument-value-starts-with-name',
      ],
    ],
  ],
  [
    { type: 'named', name: '--port', value: '--port 8080' },
    [
      [
        'arg.value',
        "argument value cannot start with the argument name: value starts with argument name '--port': --port 8080",
        'argument-value-starts-with-name',
      ],
    ],
  ],
  [
    { type: 'named', name: '--config', default: '--config /etc/app.conf' },
    [
      [
        'arg.default',
        "argument default cannot start with the argument name: default starts with argument name '--config': --config /etc/app.conf",
        'argument-default-starts-with-name',
      ],
    ],
  ],
  [{ type: '' }, [['arg.type', "argument type must be 'positional' or 'named'", 'invalid-argument-type']]],
  [
    { type: 'flag', name: '--x' },
    [['arg.type', "argument type must be 'positional' or 'named'", 'invalid-argument-type']],
  ],
  [
    { type: 'positional' },
    [
      [
        'arg',
        'positional argument must provide a value or a valueHint',
        'positional-argument-value-or-hint-required',
      ],
    ],
  ],
];

describe('checkArgument', () => {
  for (const argument of VALID) {
    it(`accepts ${JSON.stringify(argument)}`, () => assert.deepEqual(argumentIssues(argument), []));
  }
  for (const [argument, expected] of INVALID) {
    it(`refuses ${JSON.stringify(argument)}`, () => assert.deepEqual(argumentIssues(argument), expected));
  }
});

describe('checkPackage', () => {
  it('collects every issue with its path (validation_detailed_test.go ContextPaths)', () => {
    const issues = checkPackage('packages[1]', {
      registryType: 'oci',
      identifier: 'package 2',
      version: 'latest',
      transport: { type: 'stdio', url: 'should-not-have-url' },
      runtimeArguments: [{ type: 'named', name: 'invalid name' }, { type: '' }, { type: 'positional' }],
    });
    assert.deepEqual(
      issues.map((i) => [i.path, i.reference]),
      [
        ['packages[1].identifier', 'package-name-has-spaces'],
        ['packages[1].version', 'reserved-version-string'],
        ['packages[1].runtimeArguments[0].name', 'invalid-named-argument-name'],
        ['packages[1].runtimeArguments[1].type', 'invalid-argument-type'],
        ['packages[1].runtimeArguments[2]', 'positional-argument-value-or-hint-required'],
        ['packages[1].transport.url', 'stdio-transport-url-not-empty'],
      ],
    );
    assert.ok(issues.every((i) => i.type === 'semantic' && i.severity === 'error'));
  });

  it('accepts a package without a version', () => {
    assert.deepEqual(
      checkPackage('p', { registryType: 'npm', identifier: 'x', transport: { type: 'stdio' } }),
      [],
    );
  });
});
