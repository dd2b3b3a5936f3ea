/**
 * Opening a SQLite file that other processes open at the same moment: each
 * one sets the journal mode and creates its tables, and on a busy machine
 * SQLite can answer "database is locked" there even with a busy timeout
 * (some of those steps do not wait). The whole open is tried again.
 */

/** Whether `error` is SQLite's "busy" or "locked" (node:sqlite's `errcode` 5 or 6, or its message). */
export function isSqliteBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { errcode?: unknown }).errcode;
  if (typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6)) return true;
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' && /database is locked|database table is locked|SQLITE_BUSY/i.test(message)
  );
}

/**
 * Runs `open` again while it fails with {@link isSqliteBusy}, 20 ms to 500 ms
 * apart, until `withinMs` has passed; then, and for any other error, it
 * rethrows.
 */
export async function retryWhileSqliteBusy<T>(open: () => T | Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= deadline) throw error;
      const wait = Math.min(500, 20 * 2 ** attempt, Math.max(0, deadline - Date.now()));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
