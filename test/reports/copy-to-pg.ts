/**
 * Copies rows from an SQLite database into a PostgreSQL one with the same ids, so that the two
 * engines can be given the same data: the demo seed (until the PostgreSQL repositories can seed a
 * site themselves) and tickets played through the domain commands. Values go across as SQLite holds
 * them; PostgreSQL reads 0/1 as booleans and JSON text as jsonb.
 */
import type { Database as Sqlite } from 'better-sqlite3'
import type pg from 'pg'
import { pgSql } from '../../server/src/reports/sql.js'

/** The tables the demo seed fills, parents first. */
export const SEED_TABLES = ['sites', 'users', 'services', 'priority_groups', 'devices', 'counters', 'counter_services'] as const

/** Copies the rows of `table` that `where` keeps, then moves its identity sequence past the ids copied. */
export async function copyTable(sqlite: Sqlite, pool: pg.Pool, table: string, where = '', params: unknown[] = []): Promise<number> {
  const select = sqlite.prepare(`select * from ${table} ${where}`)
  const columns = select.columns().map((c) => c.name)
  const rows = select.raw().all(...params) as unknown[][]
  await pgSql(pool).insert(table, columns, rows)
  if (columns.includes('id') && rows.length > 0) {
    await pool.query(`select setval(pg_get_serial_sequence($1, 'id'), (select max(id) from ${table}))`, [table])
  }
  return rows.length
}
