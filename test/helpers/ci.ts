/** True when running in CI: `CI` is set to anything but empty, `0` or `false` (.ci/run sets CI=true). */
export function inCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}
