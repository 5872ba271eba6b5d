// Who may connect: one single-use token per spawned instance, one live connection each.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ExpectedInstance {
  module: string;
  instanceId: string;
  token: string;
  capabilities: string[];
  /** This instance's ping interval (its module's resolved policy); the server's default when absent. */
  pingInterval?: number;
  /** A standby: its hello is held unanswered until the node admits it. */
  held?: boolean;
}

interface Entry {
  instance: ExpectedInstance;
  digest: Buffer;
  used: boolean;
  live: boolean;
}

export type ClaimResult = { ok: true; instance: ExpectedInstance } | { ok: false; reason: string };

// Hashing first gives equal-length inputs, so the comparison time reveals nothing about the token.
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class InstanceRegistry {
  private readonly entries = new Map<string, Entry>();

  expect(instance: ExpectedInstance): void {
    this.entries.set(instance.instanceId, {
      instance: { ...instance, capabilities: [...instance.capabilities] },
      digest: digestOf(instance.token),
      used: false,
      live: false,
    });
  }

  setPingInterval(instanceId: string, ms: number): void {
    const entry = this.entries.get(instanceId);
    if (entry) entry.instance = { ...entry.instance, pingInterval: ms };
  }

  /** A held instance is held no more: its hello (now or when it comes) is answered. */
  admit(instanceId: string): boolean {
    const entry = this.entries.get(instanceId);
    if (!entry) return false;
    entry.instance = { ...entry.instance, held: false };
    return true;
  }

  /** Returns whether the instance was known. */
  forget(instanceId: string): boolean {
    return this.entries.delete(instanceId);
  }

  /** Binds a hello to its instance; the token is spent on success. */
  claim(module: string, token: string): ClaimResult {
    const digest = digestOf(token);
    let match: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (timingSafeEqual(entry.digest, digest) && entry.instance.module === module) match = entry;
    }
    if (!match) return { ok: false, reason: `token does not match any expected instance of module "${module}"` };
    const id = match.instance.instanceId;
    if (match.live) return { ok: false, reason: `instance ${id} of module "${module}" already has a live connection` };
    if (match.used) return { ok: false, reason: `token of instance ${id} of module "${module}" was already used` };
    match.used = true;
    match.live = true;
    return { ok: true, instance: match.instance };
  }

  /** The instance's connection ended; its token stays spent. */
  release(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (entry) entry.live = false;
  }
}
