// A batch of split frames already encoded, kept to encode the next batch of the same events
// for another peer: in a fan-out every subscriber in step gets the same event bodies in the
// same order, and its batch differs from the last one only in the few bytes of each head that
// name its subscription. Such a batch is one copy of the kept batch plus those bytes rewritten,
// instead of a length word and two copies per frame. The kept batch is the one handed to the
// previous peer's socket, not a copy: the caller keeps it from being reused while it is kept.
export class SplitFrameTemplate {
  private bytes: Buffer | null = null;
  private size = 0;
  private readonly heads: Buffer[] = [];
  private readonly bodies: Buffer[] = [];
  /** Where each frame's head starts in `bytes`. */
  private readonly headStarts: number[] = [];
  /** Largest payload in the kept batch (checked against the limit of the peer it is reused for). */
  private largest = 0;
  // The differing byte range of the last (new head, kept head) pair: consecutive frames mostly share both.
  private pairNew: Buffer | null = null;
  private pairKept: Buffer | null = null;
  private pairFrom = 0;
  private pairTo = 0;

  /** `headerBytes`: the length word before each payload. */
  constructor(private readonly headerBytes: number) {}

  /** Bytes of a batch that matches(). */
  get length(): number {
    return this.size;
  }

  /** The batch has the kept batch's bodies (the same buffers, in order) and heads of the same sizes, all within `limit`. */
  matches(heads: readonly Buffer[], bodies: readonly Buffer[], limit: number): boolean {
    const count = bodies.length;
    if (count === 0 || count !== this.bodies.length || this.largest > limit) return false;
    for (let i = 0; i < count; i++) {
      if (bodies[i] !== this.bodies[i] || heads[i].length !== this.heads[i].length) return false;
    }
    return true;
  }

  /** Writes a matching batch into `into` (at least `length` bytes): the kept bytes, each head's differing bytes rewritten. */
  writeInto(into: Buffer, heads: readonly Buffer[]): void {
    (this.bytes as Buffer).copy(into, 0, 0, this.size);
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      const kept = this.heads[i];
      if (head === kept) continue;
      if (head !== this.pairNew || kept !== this.pairKept) this.diff(head, kept);
      const start = this.headStarts[i];
      for (let k = this.pairFrom; k < this.pairTo; k++) into[start + k] = head[k];
    }
  }

  /** Keeps a batch just encoded frame by frame (its bytes must stay unchanged until replaced or cleared); returns the batch it replaces. */
  keep(heads: readonly Buffer[], bodies: readonly Buffer[], batch: Buffer): Buffer | null {
    const replaced = this.clear();
    this.bytes = batch;
    this.size = batch.length;
    let offset = 0;
    for (let i = 0; i < bodies.length; i++) {
      const length = heads[i].length + bodies[i].length;
      this.heads.push(heads[i]);
      this.bodies.push(bodies[i]);
      this.headStarts.push(offset + this.headerBytes);
      if (length > this.largest) this.largest = length;
      offset += this.headerBytes + length;
    }
    return replaced;
  }

  /** Forgets the kept batch (and the event bodies it refers to); returns it, if there was one. */
  clear(): Buffer | null {
    const kept = this.bytes;
    this.bytes = null;
    this.size = 0;
    this.largest = 0;
    this.heads.length = 0;
    this.bodies.length = 0;
    this.headStarts.length = 0;
    this.pairNew = null;
    this.pairKept = null;
    return kept;
  }

  private diff(head: Buffer, kept: Buffer): void {
    let from = 0;
    while (from < head.length && head[from] === kept[from]) from++;
    let to = head.length;
    while (to > from && head[to - 1] === kept[to - 1]) to--;
    this.pairNew = head;
    this.pairKept = kept;
    this.pairFrom = from;
    this.pairTo = to;
  }
}
