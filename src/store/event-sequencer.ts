// Event sequence numbers that are never reused, even after a crash: numbers are handed out
// only from a range whose upper end is already committed to the store (meta key
// `events.reserved_through`). A crash loses at most the unused rest of the range, never a
// number's meaning; a clean close gives the unused rest back so numbering stays contiguous.
export const RESERVED_KEY = 'events.reserved_through';
/** Numbers reserved per commit of the reservation. */
export const RESERVE_BLOCK = 10_000;

export class EventSequencer {
  /** The target of a reservation written but not committed yet. */
  private inFlight: number | null = null;

  constructor(
    /** The next number to hand out. */
    private next: number,
    /** The highest number whose reservation is committed. */
    private reservedThrough: number,
  ) {}

  /** Starts after the highest number the file has used or reserved. */
  static resume(maxSeq: number, reserved: number): EventSequencer {
    const last = Math.max(maxSeq, reserved);
    return new EventSequencer(last + 1, last);
  }

  /** The last number handed out (0 when none). */
  get last(): number {
    return this.next - 1;
  }

  /** The next number, or null when the committed range is used up. */
  take(): number | null {
    if (this.next > this.reservedThrough) return null;
    return this.next++;
  }

  /** The reservation to write now (its upper end), or null when the range still has room. */
  wanted(): number | null {
    if (this.inFlight !== null || this.reservedThrough - this.next >= RESERVE_BLOCK / 2) return null;
    this.inFlight = this.next - 1 + RESERVE_BLOCK;
    return this.inFlight;
  }

  committed(through: number): void {
    this.reservedThrough = Math.max(this.reservedThrough, through);
    if (this.inFlight !== null && through >= this.inFlight) this.inFlight = null;
  }

  dropped(through: number): void {
    if (this.inFlight === through) this.inFlight = null;
  }
}
