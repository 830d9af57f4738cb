/**
 * Runs `worker` over `items` with at most `concurrency` in flight, in order of the items.
 * Workers must not throw: each one settles its own item.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  // One iterator shared by every lane: each item is taken by exactly one lane.
  const queue = items.entries();
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    for (const [index, item] of queue) await worker(item, index);
  });
  await Promise.all(lanes);
}
