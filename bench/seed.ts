import Database from 'better-sqlite3';

/**
 * Grows the inventory to `total` live servers, straight into the `servers` table of a
 * database no process is writing to: copies of the oldest live row (one the API created),
 * each with its own id, name and creation time, made by a single INSERT … SELECT from a
 * recursive CTE in one transaction. Answers how many rows it added and how long it took.
 */
export function seedServers(databasePath: string, total: number): { added: number; ms: number } {
  const started = Date.now();
  const db = new Database(databasePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM servers').get() as { n: number };
    if (n >= total) return { added: 0, ms: 0 };
    const template = db
      .prepare('SELECT * FROM servers WHERE deletedAt IS NULL ORDER BY createdAt LIMIT 1')
      .get() as Record<string, unknown> | undefined;
    if (!template) throw new Error('seedServers needs one server made through the API first');
    const columns = Object.keys(template);
    // The seeded rows are older than every row the API made: pages start with those.
    const startSeconds = new Date(template.createdAt as string).getTime() / 1000 - total;
    const generated: Record<string, string> = {
      id: "printf('00000000-0000-4000-8000-%012x', i)",
      name: "'bulk-' || i",
      cloudId: 'NULL',
      createdAt: "strftime('%Y-%m-%dT%H:%M:%fZ', @start + i * 0.007, 'unixepoch')",
      updatedAt: "strftime('%Y-%m-%dT%H:%M:%fZ', @start + i * 0.007, 'unixepoch')",
    };
    const select = columns.map((c) => generated[c] ?? `@${c}`).join(', ');
    const insert = db.prepare(
      `INSERT INTO servers (${columns.map((c) => `"${c}"`).join(', ')})
       WITH RECURSIVE seq(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM seq WHERE i < @to)
       SELECT ${select} FROM seq`,
    );
    const params: Record<string, unknown> = { from: n, to: total - 1, start: startSeconds };
    for (const c of columns) if (!generated[c]) params[c] = template[c];
    db.transaction(() => insert.run(params))();
    return { added: total - n, ms: Date.now() - started };
  } finally {
    db.close();
  }
}
