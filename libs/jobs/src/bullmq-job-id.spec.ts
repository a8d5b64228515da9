import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBullMqJobId, toBullMqJobId } from './bullmq-job-id';

describe('BullMQ job ids', () => {
  const table: Array<[string, string]> = [
    ['io.github.alice/weather@1.0.0', 'io.github.alice/weather@1.0.0'],
    ['a:b', 'a%3Ab'],
    ['100%', '100%25'],
    ['42', '%342'],
    ['-7', '%2D7'],
    ['007', '007'],
    ['', ''],
  ];
  for (const [port, bull] of table) {
    it(`${JSON.stringify(port)} <-> ${JSON.stringify(bull)}`, () => {
      assert.equal(toBullMqJobId(port), bull);
      assert.equal(fromBullMqJobId(bull), port);
      assert.ok(!toBullMqJobId(port).includes(':'), 'BullMQ refuses ":" in custom ids');
      assert.notEqual(`${parseInt(toBullMqJobId(port), 10)}`, toBullMqJobId(port), 'nor integer ids');
    });
  }
  it('leaves ids BullMQ made itself as they are', () => {
    assert.equal(fromBullMqJobId('repeat:sweep:1700000000000'), 'repeat:sweep:1700000000000');
    assert.equal(fromBullMqJobId('17'), '17');
  });
});
