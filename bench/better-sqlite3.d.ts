// The few better-sqlite3 calls the bench's ceiling makes (the package ships no types, and
// the app reaches it only through TypeORM).
declare module 'better-sqlite3' {
  interface Statement {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(path: string, options?: { readonly?: boolean });
    prepare(sql: string): Statement;
    close(): void;
  }
  export = Database;
}
