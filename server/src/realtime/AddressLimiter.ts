/** Counts open connections per client address and refuses new ones past the limit. */
export class AddressLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  tryAcquire(address: string): boolean {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.maxPerAddress) return false;
    this.counts.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.counts.get(address) ?? 0) - 1;
    if (count > 0) this.counts.set(address, count);
    else this.counts.delete(address);
  }
}
