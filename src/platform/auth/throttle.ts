/**
 * Login throttling: failed attempts are counted per (address, account) and per address; past the limit
 * the login answers 429 until the window has passed. Successful logins are not counted.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perAccount = 10,
    private readonly perAddress = 50,
    private readonly windowMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** True when this address may try this account now. */
  allowed(address: string, account: string): boolean {
    return this.recent(`${address}|${account}`).length < this.perAccount && this.recent(address).length < this.perAddress;
  }

  fail(address: string, account: string): void {
    const t = this.now();
    for (const key of [`${address}|${account}`, address]) this.failures.set(key, [...this.recent(key), t]);
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a spraying attack
  }
}
