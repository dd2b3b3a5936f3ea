/**
 * Size limits that keep heavy data out of response envelopes. Exceeding one is
 * a validation error that says to move the data to a file and reference it
 * with a `file_reference` artifact. Set a limit to `Infinity` to disable it.
 *
 * @example
 * ```ts
 * validateResponseEnvelope(data, { limits: { maxTableRows: 50 } })
 * new ResponseBuilder({ limits: { maxArtifactBytes: 64 * 1024 } })
 * ```
 */
export interface ResponseLimits {
  /**
   * Largest size of one artifact, in UTF-8 bytes of its compact JSON.
   * @default 262144 (256 KiB)
   */
  maxArtifactBytes: number;
  /**
   * Largest size of the whole envelope, in UTF-8 bytes of its compact JSON.
   * @default 1048576 (1 MiB)
   */
  maxEnvelopeBytes: number;
  /**
   * Most rows in one table artifact.
   * @default 1000
   */
  maxTableRows: number;
  /**
   * Most data points in one chart artifact: the values of all series
   * (labels × series) in the recommended form, every number anywhere in
   * free-form chart data.
   * @default 5000
   */
  maxChartPoints: number;
  /**
   * Deepest nesting of objects and arrays anywhere in the envelope.
   * @default 64
   */
  maxDepth: number;
}

/** The default {@link ResponseLimits}. */
export const DEFAULT_RESPONSE_LIMITS: Readonly<ResponseLimits> = Object.freeze({
  maxArtifactBytes: 256 * 1024,
  maxEnvelopeBytes: 1024 * 1024,
  maxTableRows: 1000,
  maxChartPoints: 5000,
  maxDepth: 64,
});

/**
 * Fills unset limits with the defaults. A limit that is not a number `>= 0`
 * (`NaN`, a string, a negative number) falls back to its default. Never throws. @internal
 */
export function resolveLimits(limits?: Partial<ResponseLimits>): ResponseLimits {
  const out = { ...DEFAULT_RESPONSE_LIMITS };
  if (limits === undefined || limits === null || typeof limits !== 'object') return out;
  for (const key of Object.keys(out) as (keyof ResponseLimits)[]) {
    let value: unknown;
    try {
      value = limits[key];
    } catch {
      continue; // a throwing getter: keep the default, never throw
    }
    if (typeof value === 'number' && value >= 0) out[key] = value;
  }
  return out;
}

/** `2048` → `2 KiB`, `300` → `300 bytes`. @internal */
export function formatBytes(bytes: number): string {
  if (bytes === Number.POSITIVE_INFINITY) return 'unlimited';
  if (bytes < 1024) return `${bytes} bytes`;
  const kib = bytes / 1024;
  if (kib < 1024) return `${Number(kib.toFixed(1))} KiB`;
  return `${Number((kib / 1024).toFixed(1))} MiB`;
}

/** The advice every limit error ends with. @internal */
export const USE_FILE_REFERENCE =
  'store the full data in a file and reference it with a file_reference artifact (keep a short preview if useful)';
