import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { webhookSignature } from './webhook-signature';

/** mulberry32: the same cases on every run, and a failing case is named by its seed and index. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261206;
const CASES = 400;

/** Code point ranges a body or an id may draw from: the encodings' edge cases in every one. */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII, most of any real change
  [0x20, 0x7e],
  [0x00, 0x1f], // controls, NUL included
  [0x80, 0x7ff], // two UTF-8 bytes
  [0x800, 0xffff], // three, lone surrogates and U+FFFF included
  [0xd800, 0xdfff], // lone surrogates only: both encoders write U+FFFD
  [0x10000, 0x10ffff], // four bytes, a surrogate pair in the string
];

function randomText(random: () => number, length: number): string {
  const parts: string[] = [];
  for (let k = 0; k < length; k++) {
    const [low, high] = RANGES[Math.floor(random() * RANGES.length)]!;
    const code = low + Math.floor(random() * (high - low + 1));
    parts.push(code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code));
  }
  return parts.join('');
}

function randomSecret(random: () => number): string {
  const key = Buffer.alloc(1 + Math.floor(random() * 64));
  for (let k = 0; k < key.length; k++) key[k] = Math.floor(random() * 256);
  // The library takes a bare base64 key as well as a `whsec_` one, and so must we.
  return `${random() < 0.8 ? 'whsec_' : ''}${key.toString('base64')}`;
}

interface Case {
  id: string;
  timestamp: Date;
  body: string;
  secrets: string[];
}

function randomCase(random: () => number, index: number): Case {
  const size = [0, 1, 64, 1024, 2560, 10_240, 65_536][index % 7]!;
  const body = index % 3 === 0 ? 'x'.repeat(size) : randomText(random, Math.floor(random() * size));
  return {
    id:
      random() < 0.5
        ? `msg_${Math.floor(random() * 1e12)}`
        : randomText(random, 1 + Math.floor(random() * 40)),
    // 1970 to 2096, milliseconds included: both sides floor to whole seconds.
    timestamp: new Date(Math.floor(random() * 4e12)),
    body,
    secrets: Array.from({ length: random() < 0.3 ? 2 : 1 }, () => randomSecret(random)),
  };
}

const librarySignature = (c: Case): string =>
  c.secrets.map((secret) => new Webhook(secret).sign(c.id, c.timestamp, c.body)).join(' ');

/** The library verifies against the real clock; the clock is set to the case's instant instead. */
function libraryVerifies(c: Case, header: string, secret: string): void {
  mock.timers.setTime(c.timestamp.getTime());
  new Webhook(secret).verify(
    c.body,
    {
      'webhook-id': c.id,
      'webhook-timestamp': String(Math.floor(c.timestamp.getTime() / 1000)),
      'webhook-signature': header,
    },
    { jsonParse: false },
  );
}

describe('webhookSignature (native HMAC) against the standardwebhooks package', () => {
  afterEach(() => mock.timers.reset());

  const random = randomSource(SEED);
  const cases = Array.from({ length: CASES }, (_, index) => randomCase(random, index));
  // The largest bodies a change can have are far below this; the hashing of many blocks is covered.
  cases.push({
    id: 'evt_large',
    timestamp: new Date('2026-12-06T10:00:00.999Z'),
    body: randomText(randomSource(SEED + 1), 1 << 20),
    secrets: [randomSecret(random), randomSecret(random)],
  });

  it(`gives the library's signature byte for byte on ${cases.length} random messages (seed ${SEED})`, () => {
    cases.forEach((c, index) => {
      assert.equal(
        webhookSignature(c.id, c.timestamp, c.body, c.secrets),
        librarySignature(c),
        `case ${index}`,
      );
    });
  });

  it("is verified by the library's Webhook.verify with each secret, and by no other secret", () => {
    mock.timers.enable({ apis: ['Date'], now: 0 });
    const stranger = randomSecret(randomSource(SEED + 2));
    cases.forEach((c, index) => {
      const header = webhookSignature(c.id, c.timestamp, c.body, c.secrets);
      for (const secret of c.secrets) {
        assert.doesNotThrow(() => libraryVerifies(c, header, secret), `case ${index}`);
      }
      assert.throws(() => libraryVerifies(c, header, stranger), /No matching signature/, `case ${index}`);
    });
  });

  it('is verified after a change of any byte of the body by no secret', () => {
    mock.timers.enable({ apis: ['Date'], now: 0 });
    const c = cases[3]!;
    const header = webhookSignature(c.id, c.timestamp, c.body, c.secrets);
    const tampered = { ...c, body: `${c.body.slice(0, -1)}y` };
    assert.throws(() => libraryVerifies(tampered, header, c.secrets[0]!), /No matching signature/);
  });

  it('signs with every secret of a rotation, newest first, space-separated', () => {
    const c = cases.find((k) => k.secrets.length === 2)!;
    const [newest, previous] = webhookSignature(c.id, c.timestamp, c.body, c.secrets).split(' ');
    assert.equal(newest, new Webhook(c.secrets[0]!).sign(c.id, c.timestamp, c.body));
    assert.equal(previous, new Webhook(c.secrets[1]!).sign(c.id, c.timestamp, c.body));
  });

  it('throws for no secret, an empty key, or a key that is not padded base64', () => {
    const at = new Date('2026-12-06T10:00:00Z');
    assert.throws(() => webhookSignature('evt_1', at, '{}', []), /evt_1 has no signing secret/);
    for (const bad of ['whsec_', '', 'whsec_abc', 'whsec_QUJD=', 'whsec_not base64!', 'whsec_QU JD']) {
      assert.throws(() => webhookSignature('evt_1', at, '{}', [bad]), /padded base64/, JSON.stringify(bad));
    }
  });
});
