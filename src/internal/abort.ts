/**
 * Abort helpers shared by the chain (`aicmo/providers`) and the HTTP client
 * (`aicmo/client`). Internal. Web-standard only (`AbortSignal`, `Promise`): no
 * Node built-ins, so the client entry stays runtime-neutral.
 */

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as
 * `signal` aborts: a provider or a custom `fetch` that ignores its signal
 * cannot hold the caller. A late rejection of `promise` is swallowed. Without
 * a signal, returns `promise` itself.
 *
 * @example
 * const response = await raceAbort(fetchLike(url, init), init.signal);
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
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
