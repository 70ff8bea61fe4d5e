// SQLite only: damaged, foreign and empty SQLite files at start, and the integrity check.
/**
 * A database file that cannot be this centre's is refused at start with one clear line, never
 * taken for a first start; a damaged one is reported by the health check and never backed up.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { StorageOpenError } from '../../server/src/db/client.js'
import { TEST_DIR, build } from '../helpers/build.js'

function tempDir(t: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(TEST_DIR, 'qms-integrity-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Overwrites one page of the file (1-based) with garbage, as a failing disk does. */
function damagePage(path: string, page: number): void {
  const size = (new Database(path, { readonly: true }).pragma('page_size', { simple: true }) as number) || 4096
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, Buffer.alloc(size, 0xa5), 0, size, (page - 1) * size)
  } finally {
    closeSync(fd)
  }
}

/** A centre's database, closed: written by a real start of the app. */
async function aCentreDatabase(t: Parameters<typeof build>[0], dir: string): Promise<string> {
  const path = join(dir, 'qms.sqlite')
  const { app } = await build(t, { databasePath: path })
  await app.close()
  return path
}

const cases: [string, (dir: string) => string, string][] = [
  [
    'an empty (0-byte) file',
    (dir) => {
      const path = join(dir, 'qms.sqlite')
      writeFileSync(path, '')
      return path
    },
    'empty_file',
  ],
  [
    'a text file',
    (dir) => {
      const path = join(dir, 'qms.sqlite')
      writeFileSync(path, 'this is not a database\n'.repeat(100))
      return path
    },
    'not_sqlite',
  ],
  [
    "another program's SQLite database",
    (dir) => {
      const path = join(dir, 'qms.sqlite')
      const other = new Database(path)
      other.exec("create table photos (id integer primary key, name text); insert into photos (name) values ('a')")
      other.close()
      return path
    },
    'foreign_database',
  ],
  [
    'an SQLite file with no tables',
    (dir) => {
      const path = join(dir, 'qms.sqlite')
      const other = new Database(path)
      other.pragma('user_version = 1')
      other.close()
      return path
    },
    'empty_file',
  ],
]

for (const [name, make, problem] of cases) {
  t.test(`${name} is refused at start, not seeded as a new centre`, async (t) => {
    const dir = tempDir(t)
    const path = make(dir)
    const before = readFileSync(path)
    const err = await build(t, { databasePath: path, env: { BACKUP_KEEP: '3' } }).catch((e: unknown) => e)
    t.type(err, StorageOpenError)
    t.equal((err as StorageOpenError).problem, problem)
    t.match((err as Error).message, /Restore the newest copy/, 'the message says what to do')
    t.same(readFileSync(path), before, 'the file is left exactly as it was')
    t.notOk(existsSync(join(dir, 'backups')), 'and nothing is backed up')
  })
}

t.test('a damaged page is found at start', async (t) => {
  const dir = tempDir(t)
  const path = await aCentreDatabase(t, dir)
  const root = new Database(path, { readonly: true })
  const page = root.prepare("select rootpage from sqlite_master where name = 'services'").pluck().get() as number
  root.close()
  damagePage(path, page)
  const err = await build(t, { databasePath: path }).catch((e: unknown) => e)
  t.type(err, StorageOpenError)
  t.equal((err as StorageOpenError).problem, 'corrupt')
})

t.test('the server started on a bad file says so in one line and exits', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'qms.sqlite')
  writeFileSync(path, '')
  const run = promisify(execFile)
  const result = await run(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, DATABASE_PATH: path, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'fatal', ADMIN_PASSWORD: 'mat-khau-thu-nghiem' },
    timeout: 60_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
  )
  t.equal(result.code, 1, 'exit status 1')
  const lines = result.stderr.trim().split('\n')
  t.equal(lines.length, 1, 'one line, no stack trace')
  t.match(lines[0], /^Could not start: The database file .*qms\.sqlite is empty \(0 bytes\)/)
  t.equal(statSync(path).size, 0, 'the file is still empty')
})

t.test('damage found while running: health answers 503 "corrupt" and no backup is taken', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'qms.sqlite')
  const { app } = await build(t, { databasePath: path, env: { BACKUP_KEEP: '3', BACKUP_DIR: join(dir, 'backups') } })
  await app.backup.runIfDue()
  const good = readdirSync(join(dir, 'backups'))
  t.equal(good.length, 1, "today's good copy")
  app.storage.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const page = app.storage.sqlite.prepare("select rootpage from sqlite_master where name = 'services'").pluck().get() as number
  damagePage(path, page)
  // Drop the pages this connection holds in memory, so it reads what is on disk.
  app.storage.sqlite.pragma('shrink_memory')
  rmSync(join(dir, 'backups', good[0]!))
  t.equal(await app.backup.runIfDue(), null, 'no copy of a damaged file')
  t.same(readdirSync(join(dir, 'backups')), [], 'nothing written over the good copies')
  const health = await app.inject({ method: 'GET', url: '/api/health' })
  t.equal(health.statusCode, 503)
  t.equal(health.json().database, 'corrupt')
})
