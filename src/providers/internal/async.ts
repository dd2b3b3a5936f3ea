/** Small async helpers of the chain. Internal (`raceAbort` lives in src/internal/abort.ts). */

/**
 * Waits `ms`, or less when `signal` aborts or `wake` is called. Resolves
 * `true` when the full wait elapsed.
 */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  onWake: (wake: () => void) => void,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const done = (full: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', early);
      onWake(() => {});
      resolve(full);
    };
    const early = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', early, { once: true });
    onWake(early);
  });
}
