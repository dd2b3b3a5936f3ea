import { describe, expect, it } from 'vitest';
import { isSqliteBusy, retryWhileSqliteBusy } from '../../src/internal/index.js';

const busy = () => Object.assign(new Error('database is locked'), { errcode: 5 });

describe('retryWhileSqliteBusy', () => {
  it('opens again while SQLite answers busy, then returns the value', async () => {
    let calls = 0;
    const value = await retryWhileSqliteBusy(() => {
      calls += 1;
      if (calls < 3) throw busy();
      return 'open';
    }, 5_000);
    expect(value).toBe('open');
    expect(calls).toBe(3);
  });

  it('rethrows other errors at once', async () => {
    let calls = 0;
    const error = new Error('unable to open database file');
    await expect(
      retryWhileSqliteBusy(() => {
        calls += 1;
        throw error;
      }, 5_000),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('gives up with the busy error once its time is spent', async () => {
    let calls = 0;
    await expect(
      retryWhileSqliteBusy(() => {
        calls += 1;
        throw busy();
      }, 0),
    ).rejects.toThrow('database is locked');
    expect(calls).toBe(1);
  });

  it('knows busy and locked by errcode (extended codes too) and by message', () => {
    expect(isSqliteBusy({ errcode: 5 })).toBe(true);
    expect(isSqliteBusy({ errcode: 517 })).toBe(true); // SQLITE_BUSY_SNAPSHOT
    expect(isSqliteBusy({ errcode: 6 })).toBe(true);
    expect(isSqliteBusy(new Error('SQLITE_BUSY: database is locked'))).toBe(true);
    expect(isSqliteBusy(new Error('no such table: x'))).toBe(false);
    expect(isSqliteBusy(undefined)).toBe(false);
  });
});
