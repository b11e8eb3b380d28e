import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';

/**
 * The ceiling the service is measured against: a bare `node:http` server doing the same
 * work for the same answers, on the same SQLite file — the API key looked up by its
 * SHA-256, the row(s) read by prepared statements, the JSON columns parsed, the DTO built
 * and serialised. No framework, no validation, no logging, no metrics, no transaction
 * queue: what the machine does for these reads at best.
 */
export async function ceilingServer(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  const keyByHash = db.prepare('SELECT projectId, role FROM api_keys WHERE keyHash = ?');
  const serverById = db.prepare('SELECT * FROM servers WHERE id = ? AND deletedAt IS NULL');
  const firstPage = db.prepare(
    'SELECT * FROM servers WHERE deletedAt IS NULL ORDER BY createdAt DESC, id DESC LIMIT ?',
  );

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const hash = match ? createHash('sha256').update(match[1]).digest('hex') : '';
    const key = keyByHash.get(hash) as { projectId: string; role: string } | undefined;
    if (!key) return answer(res, 401, { status: 401 });
    const url = new URL(req.url ?? '/', 'http://ceiling');
    const byId = /^\/servers\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (byId) {
      const row = serverById.get(byId[1]) as Row | undefined;
      if (!row || (key.role !== 'admin' && row.projectId !== key.projectId)) {
        return answer(res, 404, { status: 404 });
      }
      return answer(res, 200, toDto(row));
    }
    if (url.pathname === '/servers') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const rows = firstPage.all(limit + 1) as Row[];
      return answer(res, 200, {
        items: rows.slice(0, limit).map(toDto),
        nextCursor:
          rows.length > limit
            ? Buffer.from(String(rows[limit - 1].id)).toString('base64url')
            : null,
      });
    }
    answer(res, 404, { status: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}

type Row = Record<string, string | number | null>;

/** The service's server representation, from a raw row. */
function toDto(row: Row) {
  const metadata = JSON.parse(row.metadata as string) as Record<string, string>;
  const fault = row.fault
    ? (JSON.parse(row.fault as string) as { code: number; message: string })
    : null;
  return {
    id: row.id,
    name: row.name,
    projectId: row.projectId,
    status: row.status,
    taskState: row.taskState,
    flavorId: row.flavorId,
    imageId: row.imageId,
    metadata,
    addresses: JSON.parse((row.addresses as string | null) ?? '{}') as unknown,
    fault: fault ? { code: fault.code, message: fault.message } : null,
    tags: JSON.parse((row.tags as string | null) ?? '[]') as string[],
    locked: row.lockedBy !== null,
    keyName: row.keyName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    launchedAt: row.launchedAt,
  };
}
