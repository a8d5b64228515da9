import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, ProgressBar, renderPlainProgressLine, renderProgressLine } from './progress-bar';

class FakeStream {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function manualClock(start = 1_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('ProgressBar on a terminal', () => {
  it('redraws one line in place with bar, count/total, rate and ETA, then ends the line', () => {
    const stream = new FakeStream(true);
    const time = manualClock();
    const bar = new ProgressBar({ stream, label: 'import', unit: 'entries', total: 200, clock: time.clock });
    time.advance(1000);
    bar.update(50);
    assert.deepEqual(stream.chunks, [
      '\rimport [██████░░░░░░░░░░░░░░░░░░] 50/200 25% · 50 entries/s · ETA 3s\x1b[K',
    ]);
    time.advance(3000);
    bar.update(200);
    bar.finish();
    assert.equal(stream.chunks.length, 4);
    assert.equal(stream.chunks[3], '\n');
    assert.equal(
      stream.chunks[2],
      `\rimport [${'█'.repeat(24)}] 200/200 100% · 50 entries/s · done in 4s\x1b[K`,
    );
  });

  it('redraws at most every 100 ms', () => {
    const stream = new FakeStream(true);
    const time = manualClock();
    const bar = new ProgressBar({ stream, label: 'import', unit: 'entries', total: 1000, clock: time.clock });
    for (let i = 1; i <= 100; i++) {
      time.advance(10);
      bar.tick();
    }
    // The first update draws at once, then one draw per 100 ms of the 1000 ms that passed.
    assert.equal(stream.chunks.length, 10);
    assert.match(stream.chunks.at(-1) ?? '', / 91\/1000 9% /);
  });

  it('shows count, rate and elapsed time when the total is unknown, and takes a total later', () => {
    const stream = new FakeStream(true);
    const time = manualClock();
    const bar = new ProgressBar({ stream, label: 'import', unit: 'entries', clock: time.clock });
    time.advance(2000);
    bar.update(300);
    assert.equal(stream.chunks[0], '\rimport 300 · 150 entries/s · 2s elapsed\x1b[K');
    time.advance(1000);
    bar.update(450, 900);
    assert.match(stream.chunks[1], /450\/900 50% · 150 entries\/s · ETA 3s/);
  });

  it('fits narrow terminals: drops the bar, then cuts the line', () => {
    const snapshot = { done: 5, total: 10, elapsedMs: 1000 };
    assert.equal(
      renderProgressLine(snapshot, 'replay', 'events', 40),
      'replay 5/10 50% · 5.0 events/s · ETA 1s',
    );
    assert.equal(renderProgressLine(snapshot, 'replay', 'events', 20), 'replay 5/10 50% · 5.');
  });
});

describe('ProgressBar elsewhere (not a terminal)', () => {
  it('writes a plain line every 2 s, the first after 2 s, and a final line', () => {
    const stream = new FakeStream(false);
    const time = manualClock();
    const bar = new ProgressBar({ stream, label: 'import', unit: 'entries', total: 100, clock: time.clock });
    for (let i = 1; i <= 100; i++) {
      time.advance(50);
      bar.tick();
    }
    bar.finish();
    assert.deepEqual(stream.text.split('\n'), [
      'import: 40/100 entries (40%), 20 entries/s, ETA 3s',
      'import: 80/100 entries (80%), 20 entries/s, ETA 1s',
      'import: 100/100 entries (100%), 20 entries/s, done in 5s',
      '',
    ]);
    assert.ok(!stream.text.includes('\r') && !stream.text.includes('\x1b'));
  });

  it('does not repeat the last line on finish, and ignores updates after it', () => {
    const stream = new FakeStream(false);
    const time = manualClock();
    const bar = new ProgressBar({ stream, label: 'replay', unit: 'events', clock: time.clock });
    time.advance(500);
    bar.update(10, 10);
    bar.finish();
    bar.update(11);
    bar.finish();
    assert.deepEqual(stream.chunks, ['replay: 10/10 events (100%), 20 events/s, done in 1s\n']);
  });

  it('reports an empty total as complete', () => {
    assert.equal(
      renderPlainProgressLine({ done: 0, total: 0, elapsedMs: 0 }, 'import', 'entries'),
      'import: 0/0 entries (100%), - entries/s, done in 0s',
    );
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours compactly', () => {
    assert.deepEqual([0, 42.4, 185, 3720, 90061].map(formatDuration), [
      '0s',
      '42s',
      '3m05s',
      '1h02m',
      '25h01m',
    ]);
  });
});
