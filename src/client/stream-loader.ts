/**
 * Loads the stream code (and its SSE parser) on first use: an app that never
 * streams does not pay for it at load.
 * @internal
 */
let loaded: Promise<typeof import('./stream.js')> | undefined;

/** The stream module, imported once. @internal */
export function loadStream(): Promise<typeof import('./stream.js')> {
  loaded ??= import('./stream.js');
  return loaded;
}
