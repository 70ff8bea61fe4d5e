/** Opens the SQLite database, sets it up for durability, and applies the committed migrations. */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
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
  /** The result of the latest integrity check (SQLite's quick_check): at start, and before each backup. */
  integrity: 'ok' | 'corrupt'
  /** Runs SQLite's quick_check now and records the result in `integrity`. */
  checkIntegrity(): 'ok' | 'corrupt'
  /**
   * Whether the file opened is still the file at its path. Deleted (or replaced) under a running
   * server, the open handle goes on reading and writing a file nobody will ever open again.
   */
  stillOnDisk(): boolean
  /**
   * The latest write's failure, if it failed for the file's sake (disk full, read-only, I/O error)
   * and no write has succeeded since: reads still work then, so only writes tell.
   */
  writeFailure: { code: string; at: number } | null
  close(): void
}

export type StorageProblem = 'empty_file' | 'not_sqlite' | 'foreign_database' | 'corrupt' | 'locked' | 'read_only' | 'io_error'

/**
 * The database file exists but cannot be this centre's database. Never treated as a first start:
 * seeding a new centre over it would hand out a new administrator password, unpair every device and
 * be copied as today's backup.
 */
export class StorageOpenError extends Error {
  constructor(
    readonly problem: StorageProblem,
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'StorageOpenError'
  }
}

const SQLITE_HEADER = 'SQLite format 3\0'
const RESTORE_HINT =
  'Restore the newest copy from the backup folder (see the README, "Running it as a service"), or move the file away to start a new, empty centre.'

/** What is wrong with an existing file before SQLite opens it, if anything. */
function problemBeforeOpen(path: string): StorageProblem | null {
  if (path === ':memory:' || !existsSync(path)) return null
  const size = statSync(path).size
  if (size === 0) {
    // A crash just after creating the file can leave the pages in the write-ahead log alone.
    const wal = `${path}-wal`
    return existsSync(wal) && statSync(wal).size > 0 ? null : 'empty_file'
  }
  const header = Buffer.alloc(16)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  return header.toString('latin1') === SQLITE_HEADER ? null : 'not_sqlite'
}

const PROBLEM_TEXT: Record<StorageProblem, string> = {
  empty_file: 'is empty (0 bytes), not a database',
  not_sqlite: 'is not an SQLite database',
  foreign_database: "is an SQLite database of another program (it has none of this system's tables)",
  corrupt: 'is damaged (SQLite integrity check failed)',
  locked: 'is locked by another program (a backup tool, the sqlite3 shell?)',
  read_only: 'cannot be written (a read-only file, folder or file system?)',
  io_error: 'could not be read or written (a disk I/O error: the disk may be failing)',
}

/** Problems of the disk or of another program, not of the file: no hint to restore a copy. */
const NOT_THE_FILE: readonly StorageProblem[] = ['locked', 'read_only', 'io_error']

/** The problem an SQLite error at start stands for; null for errors that are not about the file. */
function problemOf(err: unknown): StorageProblem | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked'
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return 'read_only'
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') return 'io_error'
  return null
}

function refuse(problem: StorageProblem, path: string, detail?: string): never {
  const hint = NOT_THE_FILE.includes(problem) ? 'The file itself may be fine: fix that, and start again.' : RESTORE_HINT
  throw new StorageOpenError(problem, path, `The database file ${resolve(path)} ${PROBLEM_TEXT[problem]}${detail ? ` (${detail})` : ''}. ${hint}`)
}

/**
 * SQLite's quick_check: 'ok', or what it found damaged. Errors that are not damage (a lock held
 * by another program, a disk I/O error) are thrown: a failing disk or a busy file is not a
 * damaged database, and must not be reported as one.
 */
function quickCheck(sqlite: Database.Database): string {
  try {
    const rows = sqlite.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[]
    return rows.map((r) => r.quick_check).join('; ')
  } catch (err) {
    if (problemOf(err) === 'corrupt') return err instanceof Error ? err.message : String(err)
    throw err
  }
}

export function openStorage(path: string): Storage {
  const before = problemBeforeOpen(path)
  if (before) refuse(before, path)
  const existed = path !== ':memory:' && existsSync(path)
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  // A lock held for a moment by another program (a backup tool) is waited out, at start too.
  sqlite.pragma('busy_timeout = 5000')
  try {
    if (existed) {
      const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
      if (tables.length === 0) refuse('empty_file', path, 'no tables')
      if (!tables.includes('__drizzle_migrations')) refuse('foreign_database', path)
      const check = quickCheck(sqlite)
      if (check !== 'ok') refuse('corrupt', path, check.slice(0, 200))
      // A file the server can read but not write (a read-only file system, as a failing disk is
      // remounted by the kernel) would start and then refuse every ticket: write the header's
      // user_version back unchanged, a real write that changes nothing.
      sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`)
    }
  } catch (err) {
    sqlite.close()
    if (err instanceof StorageOpenError) throw err
    const problem = problemOf(err)
    if (problem) refuse(problem, path, (err as Error).message)
    throw err
  }
  sqlite.pragma('journal_mode = WAL')
  // An acknowledged ticket must survive a power cut: fsync on every commit, even in WAL mode.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  cacheStatements(sqlite)
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: paths.migrations })
  const identity = path === ':memory:' ? null : fileIdentity(path)
  const storage: Storage = {
    db,
    sqlite,
    integrity: 'ok',
    writeFailure: null,
    checkIntegrity() {
      // A lock or an I/O error throws: the caller reports it as such, and `integrity` keeps its value.
      storage.integrity = quickCheck(sqlite) === 'ok' ? 'ok' : 'corrupt'
      return storage.integrity
    },
    stillOnDisk() {
      if (!identity) return true
      const now = fileIdentity(path)
      return now !== null && now.dev === identity.dev && now.ino === identity.ino
    },
    close() {
      if (sqlite.open) sqlite.close()
    },
  }
  return storage
}

function fileIdentity(path: string): { dev: number; ino: number } | null {
  try {
    const { dev, ino } = statSync(path)
    return { dev, ino }
  } catch {
    return null
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
