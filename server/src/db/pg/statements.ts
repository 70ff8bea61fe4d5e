/**
 * Named server-side statements on PostgreSQL. node-postgres prepares a named query once per
 * connection and runs it again by name; the repositories are made once per pooled connection
 * (store.ts), so each name stands for one SQL text on each connection, as better-sqlite3's
 * prepared statements do on SQLite.
 */
import { createHash } from 'node:crypto'

/**
 * The name of a statement whose SQL depends on data (keyed.ts): PostgreSQL keeps only the first 63
 * bytes of a name, so the shape's key is hashed, and one key always names the same SQL text.
 */
export function shapeName(prefix: string, key: string): string {
  return `${prefix}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`
}

/** The row an INSERT or UPDATE … RETURNING wrote, which must exist. */
export function returned<T>(rows: T[], what: string): T {
  const row = rows[0]
  if (row === undefined) throw new Error(`${what} was not returned`)
  return row
}
