import { Injectable } from '@nestjs/common';

interface Waiter {
  position: number;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Read-your-writes: a write waits until the read model has projected its events, bounded by a
 * timeout. The projector reports each checkpoint it reaches.
 */
@Injectable()
export class ProjectionTracker {
  private position = 0;
  private waiters: Waiter[] = [];

  get checkpoint(): number {
    return this.position;
  }

  advance(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.position <= position) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else {
        still.push(w);
      }
    }
    this.waiters = still;
  }

  /** Resolves true once the read model reflects `position`, false if `timeoutMs` passes first. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (position <= this.position) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(false);
      }, timeoutMs);
      this.waiters.push({ position, resolve, timer });
    });
  }
}
