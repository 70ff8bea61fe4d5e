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
import { cpuMsOf, freePort } from './processes.js'
import { sleep } from './clock.js'

const PG_BIN = '/usr/lib/postgresql/15/bin'

export interface Postgres {
  port: number
  /** The URL of a database of this cluster. */
  url(database: string): string
  createDatabase(name: string): Promise<string>
  /** Watches one database while a phase runs: statements, their execution time, what active backends waited on, the cluster's CPU. */
  probe(database: string): DatabaseProbe
  /** Postmaster and backends: the database server's own CPU, for CPU per command. */
  pids(): number[]
  stop(): void
}

export interface ProbeResult {
  /** Statements executed (pg_stat_statements, every database of the cluster) and their summed execution time, ms. */
  statements: number
  statementMs: number
  /** Transactions committed in the database (pg_stat_database). */
  commits: number
  /** CPU of the PostgreSQL server's processes over the phase, ms. */
  cpuMs: number
  /** pg_stat_activity sampled every 20 ms: per wait (type:event, or "cpu" for none), the share of active-backend samples. */
  waits: Record<string, number>
  activeBackendsMean: number
  /** The statements found waiting on a lock, by how often (first 100 characters): which rows are contended. */
  lockWaiters: Record<string, number>
}

export interface DatabaseProbe {
  start(): Promise<void>
  stop(): Promise<ProbeResult>
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
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB -c shared_preload_libraries=pg_stat_statements`,
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
      const db = new pg.Client({ connectionString: url(name) })
      await db.connect()
      try {
        await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      } catch (err) {
        log(`pg_stat_statements unavailable (${String(err)}): statement counts will read 0`)
      } finally {
        await db.end()
      }
      return url(name)
    },
    probe(database) {
      const client = new pg.Client({ connectionString: url(database) })
      let timer: NodeJS.Timeout | undefined
      let sampling: Promise<void> = Promise.resolve()
      const waits: Record<string, number> = {}
      const lockWaiters: Record<string, number> = {}
      let samples = 0
      let active = 0
      let cpu0 = 0
      let commits0 = 0
      const clusterCpu = () => pidsOf().reduce((t, pid) => t + safeCpu(pid), 0)
      const commits = async () =>
        Number((await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]?.n ?? 0)
      return {
        async start() {
          await client.connect()
          await client.query('SELECT pg_stat_statements_reset()').catch(() => undefined)
          commits0 = await commits()
          cpu0 = clusterCpu()
          timer = setInterval(() => {
            sampling = sampling.then(async () => {
              const rows = (
                await client.query<{ w: string | null; q: string }>(
                  "SELECT wait_event_type || ':' || wait_event AS w, left(query, 100) AS q FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()",
                )
              ).rows
              samples++
              active += rows.length
              for (const r of rows) {
                waits[r.w ?? 'cpu'] = (waits[r.w ?? 'cpu'] ?? 0) + 1
                if (r.w?.startsWith('Lock:')) lockWaiters[r.q] = (lockWaiters[r.q] ?? 0) + 1
              }
            })
          }, 20)
        },
        async stop() {
          clearInterval(timer)
          await sampling.catch(() => undefined)
          const cpuMs = clusterCpu() - cpu0
          const committed = (await commits()) - commits0
          const st = await client
            .query<{ n: string; ms: number }>(
              "SELECT coalesce(sum(calls), 0) AS n, coalesce(sum(total_exec_time), 0) AS ms FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'",
            )
            .then((r) => r.rows[0])
            .catch(() => undefined)
          await client.end()
          const total = Object.values(waits).reduce((a, b) => a + b, 0)
          return {
            statements: Number(st?.n ?? 0),
            statementMs: Math.round(Number(st?.ms ?? 0)),
            commits: committed,
            cpuMs,
            waits: Object.fromEntries(Object.entries(waits).map(([k, v]) => [k, Math.round((v / Math.max(1, total)) * 100) / 100])),
            activeBackendsMean: Math.round((active / Math.max(1, samples)) * 100) / 100,
            lockWaiters: Object.fromEntries(
              Object.entries(lockWaiters)
                .sort((a, b) => b[1] - a[1])
                .slice(0, 5),
            ),
          }
        },
      }
    },
    pids: () => pidsOf(),
    stop,
  }
  function pidsOf(): number[] {
    if (postmaster <= 0) return []
    try {
      const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      return [postmaster, ...children.split('\n').filter(Boolean).map(Number)]
    } catch {
      return [postmaster]
    }
  }
}

function safeCpu(pid: number): number {
  try {
    return cpuMsOf(pid)
  } catch {
    return 0
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
    // The pidfile appears before its number is written: wait (bounded) for the number.
    const readPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0)
    for (let i = 0; i < 50 && !(readPid() > 0); i++) await sleep(100)
    pid = readPid()
    if (!(pid > 0)) throw new Error(`no pid in ${pidFile}`)
  } catch (err) {
    log(`Redis did not start (${String(err).slice(0, 300)}): PostgreSQL legs skipped`)
    stop()
    return null
  }
  log(`Redis on 127.0.0.1:${port} (pid ${pid})`)
  return { url: `redis://127.0.0.1:${port}`, pid, stop }
}
