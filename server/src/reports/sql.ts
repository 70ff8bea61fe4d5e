/**
 * The few SQL calls the reports and the history generator make, on either engine. Both write their
 * SQL once, in the subset SQLite and PostgreSQL read alike, with PostgreSQL's numbered parameters
 * ($1, $2, …); rows come back as arrays of column values in select order.
 *
 * Why not the repositories: the reports read and write packed blobs and scan a year of tickets in
 * one query, and the generator writes hundreds of thousands of rows; neither fits an aggregate's
 * repository, and both must stay fast (README.md, "How it is computed").
 *
 * Integers come back as JavaScript numbers on both engines: better-sqlite3 returns numbers, and
 * openPg (db/pg/client.ts) makes node-postgres parse bigint (instants, count) as numbers. Write
 * booleans as integers (`case when … then 1 else 0 end`) so that both engines give the same row.
 */
import type { Database as Sqlite, Statement } from 'better-sqlite3'
import type pg from 'pg'
import type { Database } from '../db/database.js'

export interface Sql {
  readonly kind: 'sqlite' | 'postgres'
  /** Runs a statement and returns its rows (a statement without RETURNING returns none). */
  rows<R extends unknown[]>(text: string, params?: readonly unknown[]): Promise<R[]>
  /**
   * Inserts rows (values in `columns` order), each statement followed by `suffix` (ON CONFLICT …),
   * the fastest way each engine has: on SQLite one prepared single-row statement run per row (no
   * round trip to save, and binding tens of thousands of values at once costs more); on PostgreSQL
   * multi-row VALUES of a few thousand rows, one round trip each.
   */
  insert(table: string, columns: readonly string[], rows: readonly unknown[][], suffix?: string): Promise<void>
  /**
   * Runs `work`'s statements as one transaction where they would otherwise each commit on their own
   * (SQLite outside a transaction: a commit per row of a year's cache is a minute); as they are
   * elsewhere (PostgreSQL's pool: each statement is atomic, and the cache needs no more).
   */
  batch(work: () => Promise<void>): Promise<void>
}

/** A statement's parameters at most (PostgreSQL takes 65,535). */
const MAX_PARAMS = 30_000

/**
 * On SQLite, over one better-sqlite3 connection. Statements are prepared once and kept (the
 * generator runs the same multi-row insert hundreds of times). `$n` become `?` with the values
 * in the order they are read, since better-sqlite3 binds no numbered parameters from an array.
 */
export function sqliteSql(sqlite: Sqlite): Sql {
  const prepared = new Map<string, { statement: Statement; order: number[] }>()
  const prepare = (text: string) => {
    let hit = prepared.get(text)
    if (!hit) {
      const order: number[] = []
      const statement = sqlite.prepare(
        text.replace(/\$(\d+)/g, (_, n: string) => {
          order.push(Number(n) - 1)
          return '?'
        }),
      )
      if (statement.reader) statement.raw(true)
      hit = { statement, order }
      // Texts built per call (a list of days, a short last batch) must not pile up.
      if (prepared.size >= 64) prepared.clear()
      prepared.set(text, hit)
    }
    return hit
  }
  return {
    kind: 'sqlite',
    async rows<R extends unknown[]>(text: string, params: readonly unknown[] = []) {
      const { statement, order } = prepare(text)
      const values = order.map((i) => params[i])
      if (!statement.reader) {
        statement.run(...values)
        return []
      }
      return statement.all(...values) as R[]
    },
    async insert(table, columns, rows, suffix = '') {
      if (rows.length === 0) return
      const { statement } = prepare(insertText(table, columns, 1, suffix))
      for (const row of rows) statement.run(row)
    },
    async batch(work) {
      if (sqlite.inTransaction) return work()
      sqlite.exec('BEGIN')
      try {
        await work()
        sqlite.exec('COMMIT')
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
        throw err
      }
    },
  }
}

/** Anything node-postgres runs a query on: the pool (each statement on its own) or one client (a transaction). */
export interface PgQueryable {
  query<R extends unknown[]>(config: pg.QueryArrayConfig): Promise<pg.QueryArrayResult<R>>
}

/** On PostgreSQL, over the pool or a client of it. */
export function pgSql(db: PgQueryable): Sql {
  return {
    kind: 'postgres',
    async rows<R extends unknown[]>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<R>({ text, values: params as unknown[], rowMode: 'array' })
      return result.rows
    },
    async insert(table, columns, rows, suffix = '') {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
      for (let start = 0; start < rows.length; start += perStatement) {
        const batch = rows.slice(start, start + perStatement)
        await db.query({ text: insertText(table, columns, batch.length, suffix), values: batch.flat(), rowMode: 'array' })
      }
    },
    batch: (work) => work(),
  }
}

/** The text of a multi-row insert, kept: a full batch's is a few hundred kilobytes, the same every time. */
const insertTexts = new Map<string, string>()
function insertText(table: string, columns: readonly string[], count: number, suffix: string): string {
  const key = `${table}(${columns.join()})${count}${suffix}`
  let text = insertTexts.get(key)
  if (text === undefined) {
    const tuples = Array.from({ length: count }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
    text = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')} ${suffix}`
    if (insertTexts.size >= 64) insertTexts.clear()
    insertTexts.set(key, text)
  }
  return text
}

/**
 * Runs `work` in one write transaction on the database's own connection. SQLite: through the
 * store's `write`, so it queues behind (and ahead of) the server's commands on the one connection.
 * PostgreSQL: on one client of the pool.
 */
export async function inTransaction<T>(database: Database, work: (sql: Sql) => Promise<T>): Promise<T> {
  if (database.sqlite) {
    const sql = sqliteSql(database.sqlite.sqlite)
    return database.store.write(() => work(sql))
  }
  if (!database.pg) throw new Error(`no connection to write to on ${database.kind}`)
  const client = await database.pg.connect()
  let broken = false
  try {
    await client.query('BEGIN')
    const result = await work(pgSql(client))
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw err
  } finally {
    client.release(broken)
  }
}
