// Resolves an API key to its project from an in-memory copy of the key table, so authenticating a
// request costs a hash and a map lookup. Unknown keys reload the table, at most once per interval,
// so a key created by another process is seen within a second without letting a flood of bad keys
// turn into a flood of queries.
import { hashApiKey } from './keys.ts';
import type { ApiKeyRecord } from './repository.ts';

export class KeyRing {
  private byHash = new Map<string, ApiKeyRecord>();
  private lastLoad = 0;
  private loading: Promise<void> | undefined;
  private readonly load: () => Promise<ApiKeyRecord[]>;
  private readonly minReloadMs: number;
  private readonly now: () => number;

  constructor(load: () => Promise<ApiKeyRecord[]>, options: { minReloadMs?: number; now?: () => number } = {}) {
    this.load = load;
    this.minReloadMs = options.minReloadMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Knows a key created by this process at once (others see it at their next reload). */
  remember(record: ApiKeyRecord): void {
    this.byHash.set(record.keySha256, record);
  }

  /** Forgets revoked keys at once (this process revoked them; others see it at their next reload). */
  forget(keySha256Prefix: string): void {
    for (const hash of this.byHash.keys()) if (hash.startsWith(keySha256Prefix)) this.byHash.delete(hash);
  }


  async refresh(): Promise<void> {
    this.loading ??= this.load()
      .then((records) => {
        this.byHash = new Map(records.map((r) => [r.keySha256, r]));
        this.lastLoad = this.now();
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The project and scope of this key, or undefined when the key is unknown or revoked. */
  async lookup(key: string | undefined): Promise<ApiKeyRecord | undefined> {
    if (!key) return undefined;
    return this.lookupDigest(hashApiKey(key));
  }

  /** The same, by the key's digest (session cookies carry the digest, never the key). */
  async lookupDigest(keySha256: string): Promise<ApiKeyRecord | undefined> {
    const known = this.byHash.get(keySha256);
    if (known !== undefined) return known;
    if (this.now() - this.lastLoad < this.minReloadMs) return undefined;
    await this.refresh();
    return this.byHash.get(keySha256);
  }
}
