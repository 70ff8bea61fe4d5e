/** Opens the SQLite database, sets it up for durability, and applies the committed migrations. */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'
import { paths } from '../paths.js'

export type Db = BetterSQLite3Database<typeof schema>
export interface Storage {
  db: Db
  sqlite: Database.Database
  close(): void
}


export function openStorage(path: string): Storage {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  // An acknowledged ticket must survive a power cut: fsync on every commit, even in WAL mode.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  cacheStatements(sqlite)
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: paths.migrations })
  return {
    db,
    sqlite,
    close() {
      if (sqlite.open) sqlite.close()
    },
  }
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Drizzle asks better-sqlite3 to compile every query again each time it runs; the benchmark found
 * a tenth of a command's CPU in `prepare`. The queries are a fixed set of SQL texts, so compiled
 * statements are kept by text (least recently used dropped past a bound). Drizzle switches a
 * statement to raw mode for some reads, so a statement handed out again starts in the default mode.
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source)
    if (statement) {
      cache.delete(source)
      if (statement.reader) statement.raw(false)
    } else {
      statement = compile(source)
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    }
    cache.set(source, statement)
    return statement
  }) as typeof sqlite.prepare
}
