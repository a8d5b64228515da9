import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomBytes10(): Buffer {
  if (poolOffset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

let lastMs = 0;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter (`rand_a`, started
 * at a random value each millisecond and incremented within it, so ids made in one process sort in
 * the order they were made), then 62 random bits. Ids that sort by time go into a B-tree index at its
 * right edge: a commit of many events touches a page or two of the index instead of one page each.
 */
export function uuidV7(now: number = Date.now()): string {
  const rand = randomBytes10();
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // The counter ran out within this millisecond: borrow the next one, as RFC 9562 allows.
      ms += 1;
      counter = rand[0]! & 0x7ff;
    }
  } else {
    // Start low in the counter's range, leaving room to count up within the millisecond.
    counter = ((rand[0]! << 8) | rand[1]!) & 0x7ff;
  }
  lastMs = ms;
  const timeHigh = Math.floor(ms / 0x10000);
  const timeLow = ms % 0x10000;
  const hex = timeHigh.toString(16).padStart(8, '0') + timeLow.toString(16).padStart(4, '0');
  const randA = (0x7000 | counter).toString(16);
  const variant = HEX[0x80 | (rand[2]! & 0x3f)]!;
  let tail = '';
  for (let i = 4; i < 10; i++) tail += HEX[rand[i]!]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${randA}-${variant}${HEX[rand[3]!]!}-${tail}`;
}
