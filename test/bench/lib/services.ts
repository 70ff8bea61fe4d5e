/**
 * A throwaway PostgreSQL cluster and Redis for the PostgreSQL legs of the bench: started on free
 * loopback ports from the machine's own binaries, stopped by their pid at the end (or on Ctrl-C),
 * their files removed. Where a binary is missing, `start…` says so and returns null.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './processes.js'
import { sleep } from './clock.js'

const PG_BIN = '/usr/lib/postgresql/15/bin'

export interface Postgres {
  port: number
  /** The URL of a database of this cluster. */
  url(database: string): string
  createDatabase(name: string): Promise<string>
  /** Postmaster and backends: the database server's own CPU, for CPU per command. */
  pids(): number[]
  stop(): void
}

export interface Redis {
  url: string
  pid: number
  stop(): void
}

function idsOf(user: string): { uid: number; gid: number } | null {
  try {
    return { uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' })) }
  } catch {
    return null
  }
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // Already gone.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits (bounded) until a pid is gone; SIGKILL if it outstays the grace period. */
function waitGone(pid: number, graceMs: number): void {
  const deadline = Date.now() + graceMs
  while (alive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1'])
  if (alive(pid)) killPid(pid, 'SIGKILL')
}

export function postgresMissing(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) return `no PostgreSQL binaries in ${PG_BIN}`
  if (!idsOf('postgres')) return 'no `postgres` user to run the cluster as'
  return null
}

export function redisMissing(): string | null {
  try {
    execFileSync('which', ['redis-server'], { stdio: 'ignore' })
    return null
  } catch {
    return 'no redis-server on PATH'
  }
}

/**
 * A new cluster in a temporary folder owned by the `postgres` user, on a free port, listening on
 * 127.0.0.1 only, trust authentication. Durability left at PostgreSQL's defaults (fsync on, as
 * the SQLite legs run with synchronous=FULL). `max_connections` leaves room for two servers' pools.
 */
export async function startPostgres(log: (line: string) => void): Promise<Postgres | null> {
  const missing = postgresMissing()
  if (missing) {
    log(`PostgreSQL legs skipped: ${missing}`)
    return null
  }
  const ids = idsOf('postgres') as { uid: number; gid: number }
  const dir = mkdtempSync(join(tmpdir(), 'qms-bench-pg-'))
  chmodSync(dir, 0o700)
  chownSync(dir, ids.uid, ids.gid)
  const data = join(dir, 'data')
  const port = await freePort()
  const asPostgres = (bin: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  let postmaster = 0
  const stop = () => {
    if (postmaster > 0) {
      killPid(postmaster, 'SIGINT') // fast shutdown
      waitGone(postmaster, 10_000)
      postmaster = 0
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ])
    postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch (err) {
    log(`PostgreSQL legs skipped: the cluster did not start: ${String(err).slice(0, 500)}`)
    stop()
    return null
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  log(`PostgreSQL ${asPostgres('postgres', ['--version']).trim()} on 127.0.0.1:${port} (pid ${postmaster}), data in ${data}`)
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    pids() {
      if (postmaster <= 0) return []
      try {
        const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
        return [postmaster, ...children.split('\n').filter(Boolean).map(Number)]
      } catch {
        return [postmaster]
      }
    },
    stop,
  }
}

/** redis-server on a free port, no persistence, daemonized with a pidfile. */
export async function startRedis(log: (line: string) => void): Promise<Redis | null> {
  const missing = redisMissing()
  if (missing) {
    log(`Redis missing (${missing}): the PostgreSQL legs need it for two processes, skipped`)
    return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'qms-bench-redis-'))
  const port = await freePort()
  const pidFile = join(dir, 'redis.pid')
  let pid = 0
  const stop = () => {
    if (pid > 0) {
      killPid(pid, 'SIGTERM')
      waitGone(pid, 5000)
      pid = 0
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    execFileSync(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--pidfile',
        pidFile,
        '--dir',
        dir,
        '--logfile',
        join(dir, 'log'),
      ],
      { stdio: 'ignore' },
    )
    for (let i = 0; i < 50 && !existsSync(pidFile); i++) await sleep(100)
    pid = Number(readFileSync(pidFile, 'utf8').trim())
  } catch (err) {
    log(`Redis did not start (${String(err).slice(0, 300)}): PostgreSQL legs skipped`)
    stop()
    return null
  }
  log(`Redis on 127.0.0.1:${port} (pid ${pid})`)
  return { url: `redis://127.0.0.1:${port}`, pid, stop }
}
