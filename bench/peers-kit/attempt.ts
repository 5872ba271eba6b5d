// One failing contender must not sink the whole table: its row says "failed: …" and the full
// error goes to stderr.
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

export async function attempt<T>(what: string, body: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${what} failed: ${text}`);
    process.exitCode = 1;
    return { ok: false, error: text.split('\n')[0].replace(/^Error: /, '') };
  }
}
