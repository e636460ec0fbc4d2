/**
 * Counting events per key in fixed time windows, in memory: how the respondent routes limit what one
 * client address may create (new open-link drafts). The number of keys kept is bounded, so a flood
 * of addresses cannot grow it without end.
 */
export interface WindowCounter {
  /** Count one event for `key` at `nowMs`; false (and not counted) when the key has used up its window. */
  take(key: string, nowMs: number): boolean;
}

/** At most `max` events per key per `windowMs`; at most `maxKeys` keys remembered. */
export function windowCounter(options: { max: number; windowMs: number; maxKeys?: number }): WindowCounter {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { count: number; endsAt: number }>();
  const prune = (nowMs: number) => {
    for (const [key, w] of windows) if (w.endsAt <= nowMs) windows.delete(key);
    // still full of live windows: forget the oldest (a Map iterates in insertion order)
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    take(key, nowMs) {
      let w = windows.get(key);
      if (!w || w.endsAt <= nowMs) {
        if (!w && windows.size >= maxKeys) prune(nowMs);
        w = { count: 0, endsAt: nowMs + options.windowMs };
        windows.set(key, w);
      }
      if (w.count >= options.max) return false;
      w.count += 1;
      return true;
    },
  };
}
