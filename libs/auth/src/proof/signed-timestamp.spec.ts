import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeHex, decodeStdBase64 } from './go-encoding';
import { parseRfc3339 } from './rfc3339-timestamp';
import { checkDomainAndTimestamp, decodeSignature, isValidProofDomain } from './signed-timestamp';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('isValidProofDomain (official IsValidDomain table)', () => {
  const cases: Array<[string, boolean]> = [
    ['example.com', true],
    ['sub.example.com', true],
    ['a.b.c.d.example.com', true],
    ['foo-bar.example.com', true],
    ['123.example.com', true],
    ['', false],
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['169.254.169.254', false],
    ['::1', false],
    ['fe80::1', false],
    ['localhost', false],
    ['kubernetes', false],
    ['internal', false],
    ['-example.com', false],
    ['example.com-', false],
    ['exa mple.com', false],
    ['example..com', false],
    [`${'a'.repeat(250)}.com`, false],
  ];
  for (const [domain, valid] of cases) {
    it(`${JSON.stringify(domain.slice(0, 30))} -> ${valid}`, () =>
      assert.equal(isValidProofDomain(domain), valid));
  }
});

describe('checkDomainAndTimestamp', () => {
  const pagesCases: Array<[string, boolean]> = [
    ['my-org.github.io', true],
    ['my-org.GitHub.IO', true],
    ['github.io', true],
    ['sub.my-org.github.io', true],
    ['github.io.evil-example.com', false],
    ['example.com', false],
    ['my-org.github.io.example.com', false],
    ['my-group.gitlab.io', true],
    ['my-group.GitLab.IO', true],
    ['gitlab.io', true],
    ['sub.my-group.gitlab.io', true],
    ['gitlab.io.evil-example.com', false],
    ['my-group.gitlab.io.example.com', false],
  ];
  for (const [domain, refused] of pagesCases) {
    it(`${refused ? 'refuses' : 'allows'} the Pages-like domain ${domain}`, () => {
      const check = (): Date => checkDomainAndTimestamp(domain, '2025-06-01T12:00:00Z', NOW);
      if (refused) assert.throws(check, /domains cannot be used for DNS or HTTP authentication/);
      else check();
    });
  }

  const windowCases: Array<[string, string | undefined]> = [
    ['2025-06-01T12:00:00Z', undefined],
    ['2025-06-01T11:59:45Z', undefined],
    ['2025-06-01T12:00:15Z', undefined],
    ['2025-06-01T11:59:44Z', 'timestamp outside valid window (±15 seconds)'],
    ['2025-06-01T12:00:16Z', 'timestamp outside valid window (±15 seconds)'],
    ['2025-06-01T11:59:30Z', 'timestamp outside valid window (±15 seconds)'],
    ['2025-06-01T14:00:10+02:00', undefined],
    ['2025-06-01T12:00:00.999Z', undefined],
  ];
  for (const [timestamp, error] of windowCases) {
    it(`timestamp ${timestamp} at ${NOW.toISOString()}: ${error ?? 'accepted'}`, () => {
      const check = (): Date => checkDomainAndTimestamp('example.com', timestamp, NOW);
      if (error === undefined) check();
      else assert.throws(check, { message: error });
    });
  }

  it('refuses an invalid domain before looking at the timestamp', () => {
    assert.throws(() => checkDomainAndTimestamp('invalid..domain', 'nonsense', NOW), {
      message: 'invalid domain format',
    });
  });
});

describe('parseRfc3339 (Go time.Parse with time.RFC3339)', () => {
  const layout = '"2006-01-02T15:04:05Z07:00"';
  const cases: Array<[string, string]> = [
    ['2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T12:00:00.5Z', '2025-06-01T12:00:00.500Z'],
    ['2025-06-01T12:00:00,25Z', '2025-06-01T12:00:00.250Z'],
    ['2025-06-01T14:00:00+02:00', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T07:30:00-04:30', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T9:00:00Z', '2025-06-01T09:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ];
  for (const [text, iso] of cases) {
    it(`parses ${text}`, () => {
      const result = parseRfc3339(text);
      assert.ok(result.ok);
      assert.equal(result.date.toISOString(), iso);
    });
  }
  const errors: Array<[string, string]> = [
    [
      'invalid-timestamp',
      `parsing time "invalid-timestamp" as ${layout}: cannot parse "invalid-timestamp" as "2006"`,
    ],
    [
      '2025-06-01 12:00:00Z',
      `parsing time "2025-06-01 12:00:00Z" as ${layout}: cannot parse " 12:00:00Z" as "T"`,
    ],
    ['2025-06-01T12:00:00', `parsing time "2025-06-01T12:00:00" as ${layout}: cannot parse "" as "Z07:00"`],
    [
      '2025-6-01T12:00:00Z',
      `parsing time "2025-6-01T12:00:00Z" as ${layout}: cannot parse "6-01T12:00:00Z" as "01"`,
    ],
    ['2025-13-01T12:00:00Z', 'parsing time "2025-13-01T12:00:00Z": month out of range'],
    ['2025-02-30T12:00:00Z', 'parsing time "2025-02-30T12:00:00Z": day out of range'],
    ['2025-06-01T24:00:00Z', 'parsing time "2025-06-01T24:00:00Z": hour out of range'],
    ['2025-06-01T12:60:00Z', 'parsing time "2025-06-01T12:60:00Z": minute out of range'],
    ['2025-06-01T12:00:00Zjunk', 'parsing time "2025-06-01T12:00:00Zjunk": extra text: "junk"'],
  ];
  for (const [text, error] of errors) {
    it(`refuses ${text}`, () => assert.deepEqual(parseRfc3339(text), { ok: false, error }));
  }
});

describe('Go-compatible decoding', () => {
  const hexCases: Array<[string, string]> = [
    ['invalid-hex', "invalid signature format, must be hex: encoding/hex: invalid byte: U+0069 'i'"],
    ['abc', 'invalid signature format, must be hex: encoding/hex: odd length hex string'],
    ['abz', "invalid signature format, must be hex: encoding/hex: invalid byte: U+007A 'z'"],
    ['ab\u0001c', 'invalid signature format, must be hex: encoding/hex: invalid byte: U+0001'],
  ];
  for (const [text, error] of hexCases) {
    it(`hex ${JSON.stringify(text)}`, () => assert.throws(() => decodeSignature(text), { message: error }));
  }
  it('decodes hex of either case', () => assert.deepEqual(decodeHex('aBcD'), Buffer.from([0xab, 0xcd])));

  const base64Cases: Array<[string, string | number]> = [
    ['aGVsbG8=', 'hello'],
    ['aGVsbA==', 'hell'],
    ['aGVs', 'hel'],
    ['', ''],
    ['invalid', 4],
    ['aGVsbG8', 4],
    ['a===', 1],
    ['aGVsbA=', 7],
    ['aGVsbA==x', 8],
  ];
  for (const [text, expected] of base64Cases) {
    it(`base64 ${JSON.stringify(text)}`, () => {
      if (typeof expected === 'string') assert.equal(decodeStdBase64(text).toString(), expected);
      else
        assert.throws(() => decodeStdBase64(text), {
          message: `illegal base64 data at input byte ${expected}`,
        });
    });
  }
});
