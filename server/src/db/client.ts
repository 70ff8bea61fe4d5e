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
