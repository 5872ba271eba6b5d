// The journal's tables in the module's own sqlite database: one row per event (keyed by its
// sequence number, so replays are harmless) and one per gap the node reported.
export async function openJournal(db) {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      type TEXT NOT NULL,
      source TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, seq);
    CREATE TABLE IF NOT EXISTS gaps (
      from_seq INTEGER PRIMARY KEY,
      to_seq INTEGER NOT NULL,
      noted_at INTEGER NOT NULL
    );
  `);
  return {
    record: (event) =>
      db.run('INSERT OR IGNORE INTO events (seq, at, type, source, data) VALUES (?, ?, ?, ?, ?)', [
        event.seq,
        event.at ?? Date.now(),
        event.type,
        event.source ?? 'node',
        JSON.stringify(event.data ?? null),
      ]),
    recordGap: (gap) =>
      db.run('INSERT OR REPLACE INTO gaps (from_seq, to_seq, noted_at) VALUES (?, ?, ?)', [gap.from_seq, gap.to_seq, Date.now()]),
    async count(type) {
      const where = type ? ' WHERE type = ?' : '';
      const params = type ? [type] : [];
      const total = await db.get(`SELECT COUNT(*) AS n, MIN(seq) AS first, MAX(seq) AS last FROM events${where}`, params);
      const rows = await db.all(`SELECT type, COUNT(*) AS n FROM events${where} GROUP BY type ORDER BY n DESC, type`, params);
      const gaps = await db.get('SELECT COUNT(*) AS n FROM gaps');
      return {
        count: total.n,
        first_seq: total.first ?? null,
        last_seq: total.last ?? null,
        by_type: Object.fromEntries(rows.map((r) => [r.type, r.n])),
        gaps: gaps.n,
      };
    },
    async tail(n, type) {
      const rows = type
        ? await db.all('SELECT seq, at, type, source, data FROM events WHERE type = ? ORDER BY seq DESC LIMIT ?', [type, n])
        : await db.all('SELECT seq, at, type, source, data FROM events ORDER BY seq DESC LIMIT ?', [n]);
      return rows.reverse().map((r) => ({ ...r, data: JSON.parse(r.data) }));
    },
  };
}
