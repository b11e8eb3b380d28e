import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';

/**
 * The ceiling the service is measured against: a bare `node:http` server doing the same
 * database work for the same answers, on the same SQLite file, in a process of its own
 * (`npm run bench` starts it as `node ceiling.ts <database>`):
 *   - every request: the API key looked up by its SHA-256 in api_keys;
 *   - GET /servers/{id}: the row read, its JSON columns parsed, the DTO built;
 *   - GET /servers?limit=N: the first page of live servers, newest first, and its cursor;
 *   - POST /servers: the body parsed (no validation), a server row and its history row
 *     inserted in one transaction, the DTO answered with 202;
 *   - POST /servers/{id}/lock: the row read, updated (lockedBy, version, updatedAt) under
 *     its version and a history row inserted, in one transaction; the DTO answered.
 * No framework, no validation, no logging, no metrics, no cloud call, no transaction
 * queue: what the machine does for this work at best.
 */
export async function ceilingServer(databasePath: string) {
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const keyByHash = db.prepare('SELECT projectId, role FROM api_keys WHERE keyHash = ?');
  const serverById = db.prepare('SELECT * FROM servers WHERE id = ? AND deletedAt IS NULL');
  const firstPage = db.prepare(
    'SELECT * FROM servers WHERE deletedAt IS NULL ORDER BY createdAt DESC, id DESC LIMIT ?',
  );
  const insertServer = db.prepare(
    `INSERT INTO servers (id, projectId, cloudId, name, status, taskState, transitional, flavorId,
       imageId, metadata, fault, createdAt, updatedAt, launchedAt, deletedAt, version, intentAt,
       lockedBy, keyName, addresses, tags, accessIpv4, accessIpv6)
     VALUES (@id, @projectId, NULL, @name, 'ACTIVE', NULL, 0, @flavorId, @imageId, @metadata,
       NULL, @now, @now, NULL, NULL, 1, NULL, NULL, NULL, '{}', '[]', NULL, NULL)`,
  );
  const lockServer = db.prepare(
    `UPDATE servers SET lockedBy = 'admin', version = version + 1, updatedAt = ?
     WHERE id = ? AND version = ?`,
  );
  const insertAction = db.prepare(
    `INSERT INTO server_actions (id, serverId, projectId, action, status, requestId, startedAt,
       finishedAt, error) VALUES (?, ?, ?, ?, 'succeeded', ?, ?, ?, NULL)`,
  );
  const create = db.transaction((projectId: string, body: Record<string, unknown>) => {
    const now = new Date().toISOString();
    const id = randomUUID();
    insertServer.run({
      id,
      projectId,
      name: String(body.name),
      flavorId: String(body.flavorId),
      imageId: String(body.imageId),
      metadata: JSON.stringify(body.metadata ?? {}),
      now,
    });
    insertAction.run(randomUUID(), id, projectId, 'create', randomUUID(), now, now);
    return serverById.get(id) as Row;
  });
  const lock = db.transaction((row: Row) => {
    const now = new Date().toISOString();
    const changed = lockServer.run(now, row.id, row.version).changes;
    if (changed === 0) return null;
    insertAction.run(randomUUID(), row.id, row.projectId, 'lock', randomUUID(), now, now);
    return { ...row, lockedBy: 'admin', version: Number(row.version) + 1, updatedAt: now };
  });

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.url === '/health') return answer(res, 200, { status: 'ok' });
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const hash = match ? createHash('sha256').update(match[1]).digest('hex') : '';
    const key = keyByHash.get(hash) as { projectId: string; role: string } | undefined;
    if (!key) return answer(res, 401, { status: 401 });
    const url = new URL(req.url ?? '/', 'http://ceiling');
    const byId = /^\/servers\/([0-9a-f-]{36})(\/lock)?$/.exec(url.pathname);
    if (byId) {
      const row = serverById.get(byId[1]) as Row | undefined;
      if (!row || (key.role !== 'admin' && row.projectId !== key.projectId)) {
        return answer(res, 404, { status: 404 });
      }
      if (!byId[2]) return answer(res, 200, toDto(row));
      const locked = lock(row);
      return locked ? answer(res, 202, toDto(locked)) : answer(res, 409, { status: 409 });
    }
    if (url.pathname === '/servers' && req.method === 'POST') {
      return answer(res, 202, toDto(create(key.projectId, JSON.parse(body) as never)));
    }
    if (url.pathname === '/servers') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const rows = firstPage.all(limit + 1) as Row[];
      const last = rows[limit - 1];
      return answer(res, 200, {
        items: rows.slice(0, limit).map(toDto),
        nextCursor:
          rows.length > limit
            ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url')
            : null,
      });
    }
    answer(res, 404, { status: 404 });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  const port = Number(process.env.PORT ?? 0);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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
    accessIPv4: row.accessIpv4,
    accessIPv6: row.accessIpv6,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    launchedAt: row.launchedAt,
  };
}

// `node ceiling.ts <database>`: serve until SIGTERM.
if (require.main === module) {
  void ceilingServer(process.argv[2]).then((ceiling) => {
    process.once('SIGTERM', () => void ceiling.close().then(() => process.exit(0)));
  });
}
