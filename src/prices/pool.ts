/**
 * Runs `worker` over `items` with at most `lanes` workers at once, in order of the items.
 * Workers must not throw: each one settles its own item.
 */
export async function runPool<T>(
  items: readonly T[],
  lanes: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  // One iterator shared by every lane: each item is taken by exactly one lane.
  const queue = items.entries();
  const running = Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, async () => {
    for (const [index, item] of queue) await worker(item, index);
  });
  await Promise.all(running);
}

/** At most `limit` calls of `run` in flight; the others wait their turn, first come first served. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
