/** Small async helpers of the chain. Internal. */

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as
 * `signal` aborts: a provider that ignores its signal cannot hold the chain.
 * A late rejection of `promise` is swallowed.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

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
