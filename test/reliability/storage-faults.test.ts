// SQLite only: the faults of the disk under the SQLite file (PostgreSQL's own are its administrator's).
/**
 * The real server process (dist/server/main.js) on a real, small file system of its own (a tmpfs
 * mounted for the test), as a centre's PC has it:
 *   - the disk fills up under load: the refused command is a 503 the kiosk retries with the same key,
 *     health says so, nothing acknowledged is lost, and the retry gets its ticket once there is room;
 *   - the file system is read-only at start: one clear line and exit status 1, nothing written;
 *   - another program holds the database locked at start: one clear line naming the lock, not damage;
 *   - a backup restored as the README says gives the same tickets, and numbering continues past
 *     the numbers already given out.
 * Mounting needs root (CI runs as root); elsewhere the test says it is skipped and why.
 */
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { aServer, BUNDLE, freePort, until, type ServerProcess } from '../cluster/processes.js'
import type { Tap } from '../helpers/build.js'
import { projectRoot } from '../../server/src/paths.js'

t.setTimeout(240_000)

/** Whether this process may mount a tmpfs (root, and a kernel that lets it). */
function canMount(): string | false {
  if (process.getuid?.() !== 0) return 'mounting a small file system needs root (CI runs as root)'
  const dir = mkdtempSync(join(tmpdir(), 'qms-mount-probe-'))
  const tried = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' })
  if (tried.status === 0) spawnSync('umount', [dir])
  rmSync(dir, { recursive: true, force: true })
  return tried.status === 0 ? false : `cannot mount a tmpfs here: ${tried.stderr.trim()}`
}
const SKIP = existsSync(BUNDLE) ? canMount() : 'needs the built server (npm run build)'

/** A file system of `mb` megabytes of its own, unmounted at the test's end. */
function aDisk(t: Tap, mb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'qms-disk-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { encoding: 'utf8' })
  if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`)
  t.teardown(() => {
    spawnSync('umount', ['-l', dir])
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

const remount = (dir: string, mode: 'ro' | 'rw') => {
  const done = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' })
  if (done.status !== 0) throw new Error(`remount ${mode}: ${done.stderr}`)
}

/** Fills the file system at `dir` to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler')
  const fd = openSync(path, 'w')
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 1]) {
      const chunk = Buffer.alloc(size)
      for (let i = 0; i < 100_000; i++) {
        try {
          writeSync(fd, chunk)
        } catch {
          break
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  return path
}

interface Centre {
  server: ServerProcess
  kioskToken: string
  databasePath: string
}

const env = (databasePath: string) => ({ DATABASE_PATH: databasePath, BACKUP_KEEP: '0' })

/** A centre's first start on `dir`; the device tokens come from the first-start notice. */
async function aCentre(t: Tap, dir: string, more: Record<string, string> = {}): Promise<Centre> {
  const databasePath = join(dir, 'qms.sqlite')
  const server = await aServer(t, 'centre', { ...env(databasePath), ...more })
  const notice = readFileSync(join(dir, 'first-start.txt'), 'utf8')
  return { server, databasePath, kioskToken: /kiosk\/#token=(\S+)/.exec(notice)![1]! }
}

async function issue(centre: Centre, key: string) {
  const res = await fetch(`${centre.server.url}/api/kiosk/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${centre.kioskToken}`, 'idempotency-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 1 }),
  })
  const body = (await res.json()) as { ticket?: { id: number; number: string }; code?: string }
  return { status: res.status, body }
}

async function health(server: ServerProcess) {
  const res = await fetch(`${server.url}/api/health`)
  return { status: res.status, database: ((await res.json()) as { database: string }).database }
}

/** Starts the bundle and waits for it to exit (a start that must be refused). */
async function aRefusedStart(databasePath: string, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'warn', DEMO_HISTORY_DAYS: '0', ...env(databasePath) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')))
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')))
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(null)
    }, timeoutMs)
    child.once('exit', (c) => {
      clearTimeout(timer)
      resolve(c)
    })
  })
  return { code, output }
}

const ticketsOf = (databasePath: string) => {
  const db = new Database(databasePath, { readonly: true })
  try {
    return db.prepare('select id, number, status, service_id, idempotency_key from tickets order by id').all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

t.test('storage faults', { skip: SKIP }, async (t) => {
  t.test('the disk fills up: 503s the kiosk retries, nothing acknowledged lost, the retry gets its ticket', async (t) => {
    const dir = aDisk(t, 24)
    const centre = await aCentre(t, dir)
    const acknowledged = new Map<string, number>()
    const first = await issue(centre, 'before-full')
    t.equal(first.status, 201, 'a ticket before the disk fills')
    acknowledged.set('before-full', first.body.ticket!.id)

    const filler = fill(dir)
    let refused: { key: string; status: number; code?: string | undefined; message?: string | undefined } | null = null
    for (let i = 0; i < 3_000 && !refused; i++) {
      const key = `disk-full-${i}`
      const res = await issue(centre, key)
      if (res.status === 201) acknowledged.set(key, res.body.ticket!.id)
      else refused = { key, status: res.status, code: res.body.code, message: (res.body as { message?: string }).message }
    }
    t.ok(refused, `the disk filled up (${acknowledged.size} tickets acknowledged): ${JSON.stringify(refused)}`)
    t.same(refused && { status: refused.status, code: refused.code }, { status: 503, code: 'storage_unavailable' }, 'the refusal is a 503 the kiosk retries')
    t.same(await health(centre.server), { status: 503, database: 'unwritable' }, 'health says the database cannot be written')
    t.equal(centre.server.child.exitCode, null, 'the server is still running')

    rmSync(filler)
    const retried = await issue(centre, refused!.key)
    t.equal(retried.status, 201, 'once there is room, the same key gets its ticket')
    acknowledged.set(refused!.key, retried.body.ticket!.id)
    t.same(await health(centre.server), { status: 200, database: 'ok' }, 'and health is ok again')

    // Whatever was acknowledged survives a crash right now.
    await centre.server.kill('SIGKILL')
    const tickets = ticketsOf(centre.databasePath)
    const byKey = new Map(tickets.map((r) => [r.idempotency_key as string, r.id as number]))
    const lost = [...acknowledged].filter(([key, id]) => byKey.get(key) !== id)
    t.same(lost, [], `all ${acknowledged.size} acknowledged tickets are in the file after a kill -9`)
    t.equal(tickets.length, acknowledged.size, 'and no other ticket: the refused attempts left nothing')
  })

  t.test('a read-only file system at start: one clear line, exit status 1, nothing changed', async (t) => {
    // As after a crash on a failing disk, which the kernel remounts read-only: the write-ahead log
    // is still there, so SQLite opens the file and reads it; only a write would fail. The server
    // used to start like that and then refuse every ticket.
    const dir = aDisk(t, 24)
    const centre = await aCentre(t, dir)
    t.equal((await issue(centre, 'kept-ticket')).status, 201, 'a ticket before the crash')
    await centre.server.kill('SIGKILL')
    const before = ticketsOf(centre.databasePath)
    t.ok(existsSync(`${centre.databasePath}-wal`), 'the write-ahead log is left beside the file')
    remount(dir, 'ro')
    const refused = await aRefusedStart(centre.databasePath)
    t.equal(refused.code, 1, 'the server exits with status 1')
    const lines = refused.output.trim().split('\n')
    t.equal(lines.length, 1, `one line: ${refused.output.trim()}`)
    t.match(lines[0], /^Could not start: .*read-only/i, 'naming the cause')
    t.notMatch(refused.output, /\n\s+at /, 'no stack trace')
    remount(dir, 'rw')
    t.same(ticketsOf(centre.databasePath), before, 'the file is as it was')
    const again = await aServer(t, 'centre again', env(centre.databasePath))
    t.same(await health(again), { status: 200, database: 'ok' }, 'writable again, it starts')
  })

  t.test('another program holds the database locked at start: one clear line naming the lock, not damage', async (t) => {
    const dir = aDisk(t, 24)
    const centre = await aCentre(t, dir)
    await centre.server.kill('SIGTERM')
    // Another program (a backup tool, the sqlite3 shell) keeps an exclusive lock while the server starts.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE IF NOT EXISTS holder (x)'); console.log('locked'); setTimeout(() => {}, 60000)`,
        centre.databasePath,
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    t.teardown(() => holder.kill('SIGKILL'))
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
    const refused = await aRefusedStart(centre.databasePath)
    t.equal(refused.code, 1, 'the server exits with status 1 (systemd starts it again later)')
    const line = refused.output.trim()
    t.equal(line.split('\n').length, 1, `one line: ${line}`)
    t.match(line, /locked|another program/i, 'it names the lock')
    t.notMatch(line, /damaged|corrupt|malformed/i, 'and does not call the file damaged')
    holder.kill('SIGKILL')
    await new Promise((r) => holder.once('exit', r))
    const again = await aServer(t, 'centre again', env(centre.databasePath))
    t.same(await health(again), { status: 200, database: 'ok' }, 'once the lock is gone, it starts')
  })

  t.test('a backup restored as the README says gives the same tickets, and numbering goes on past what was given out', async (t) => {
    const dir = aDisk(t, 48)
    const backups = join(dir, 'backups')
    const withBackups = (path: string) => ({ ...env(path), BACKUP_KEEP: '14', BACKUP_DIR: backups })
    const centre = await aCentre(t, dir, { BACKUP_KEEP: '14', BACKUP_DIR: backups })
    const morning = []
    for (let i = 0; i < 12; i++) morning.push((await issue(centre, `morning-${i}`)).status)
    t.same(new Set(morning), new Set([201]), 'twelve tickets in the morning')
    await centre.server.kill('SIGTERM')
    const atBackup = ticketsOf(centre.databasePath)

    // Today's copy was taken at the first start (an empty queue); the next start takes it again
    // once it is gone, holding the twelve morning tickets.
    rmSync(backups, { recursive: true, force: true })
    const second = await aServer(t, 'centre, second start', withBackups(centre.databasePath))
    const copy = await until('today’s copy', async () => readdirSync(backups).find((f) => /^qms-\d{4}-\d{2}-\d{2}\.sqlite$/.test(f)))
    const later = { ...centre, server: second }
    let lastNumber = ''
    for (let i = 0; i < 5; i++) lastNumber = (await issue(later, `after-copy-${i}`)).body.ticket!.number
    await second.kill('SIGTERM')

    // The README: stop the server, put a copy in place of DATABASE_PATH, delete its -wal and -shm files, start it.
    copyFileSync(join(backups, copy), centre.databasePath)
    rmSync(`${centre.databasePath}-wal`, { force: true })
    rmSync(`${centre.databasePath}-shm`, { force: true })
    t.same(ticketsOf(centre.databasePath), atBackup, 'the restored file holds the tickets of the copy, exactly')
    const restored = await aServer(t, 'centre, restored', withBackups(centre.databasePath))
    t.same(await health(restored), { status: 200, database: 'ok' }, 'the restored centre starts')
    const next = await issue({ ...centre, server: restored }, 'after-restore')
    t.equal(next.status, 201, 'and issues')
    t.ok(Number(next.body.ticket!.number) > Number(lastNumber), `the next number ${next.body.ticket!.number} comes after ${lastNumber}, already on paper`)
    await restored.kill('SIGTERM')
    t.same(ticketsOf(centre.databasePath).slice(0, atBackup.length), atBackup, 'the tickets of the copy are unchanged after the restart')
  })
})
