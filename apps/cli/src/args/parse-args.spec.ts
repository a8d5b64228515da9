import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../cli-error';
import { ArgsSpec, parseArgs } from './parse-args';

const SPEC: ArgsSpec = {
  positionals: [
    { name: 'name', required: true, description: '' },
    { name: 'version', required: false, description: '' },
  ],
  flags: {
    status: { type: 'string', short: 's', choices: ['active', 'deleted'], description: '' },
    message: { type: 'string', short: 'm', valueName: 'text', description: '' },
    yes: { type: 'boolean', short: 'y', description: '' },
  },
};

describe('parseArgs', () => {
  const parsed: Array<[string[], { positionals: string[]; flags: Record<string, string | boolean> }]> = [
    [['a'], { positionals: ['a'], flags: {} }],
    [['a', '1.0', '--status', 'active'], { positionals: ['a', '1.0'], flags: { status: 'active' } }],
    [['--status=deleted', 'a', '-y'], { positionals: ['a'], flags: { status: 'deleted', yes: true } }],
    [['a', '-m', 'why: -1'], { positionals: ['a'], flags: { message: 'why: -1' } }],
    [['a', '--message='], { positionals: ['a'], flags: { message: '' } }],
    [['a', '-m', '-negative'], { positionals: ['a'], flags: { message: '-negative' } }],
    [['--', '--odd-name', '-1'], { positionals: ['--odd-name', '-1'], flags: {} }],
    [['a', '-1'], { positionals: ['a', '-1'], flags: {} }],
    [['a', '-m', 'one', '-m', 'two'], { positionals: ['a'], flags: { message: 'two' } }],
  ];
  for (const [argv, expected] of parsed) {
    it(`parses ${JSON.stringify(argv)}`, () => {
      assert.deepEqual(parseArgs('status', argv, SPEC), { ...expected, help: false });
    });
  }

  it('answers --help and -h before anything else, but not after --', () => {
    assert.equal(parseArgs('status', ['--bogus', '--help'], SPEC).help, true);
    assert.equal(parseArgs('status', ['-h'], SPEC).help, true);
    assert.deepEqual(parseArgs('status', ['--', '--help'], SPEC).positionals, ['--help']);
  });

  const refused: Array<[string[], string]> = [
    [[], `missing <name> for status (see 'mcp-registry status --help')`],
    [['a', 'b', 'c'], `unexpected argument "c" for status (see 'mcp-registry status --help')`],
    [['a', '--force'], `unknown flag --force for status (see 'mcp-registry status --help')`],
    [['a', '-x'], `unknown flag -x for status (see 'mcp-registry status --help')`],
    [['a', '--status', 'gone'], 'flag --status must be one of active, deleted; got "gone"'],
    [['a', '--message'], 'flag --message needs a value <text>'],
    [['a', '--message', '--yes'], 'flag --message needs a value <text>'],
    [['a', '--yes=1'], 'flag --yes takes no value'],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${JSON.stringify(argv)} with exit code 2`, () => {
      assert.throws(
        () => parseArgs('status', argv, SPEC),
        (err: unknown) => err instanceof UsageError && err.exitCode === 2 && err.message === message,
      );
    });
  }
});
