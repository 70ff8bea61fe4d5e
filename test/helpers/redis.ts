/**
 * A Redis of the test's own: redis-server on a loopback port of 63860–63869, nothing saved to disk,
 * stopped by its pid when the test ends. Tests that need one skip plainly where redis-server is
 * not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Tap } from './build.js'

const REDIS_SERVER = '/usr/bin/redis-server'
const PORTS = [63860, 63861, 63862, 63863, 63864, 63865, 63866, 63867, 63868]
/** A port of the range where nothing listens: what a Redis that is down looks like. */
export const NO_REDIS_URL = 'redis://127.0.0.1:63869'

export const SKIP_REDIS: string | false = existsSync(REDIS_SERVER) ? false : 'redis-server is not installed'

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 300, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/** A Redis of the test's own, which the test may stop (as a crash would) and start again on its port. */
export interface RedisServer {
  url: string
  /** Kills it at once (SIGKILL), as a machine losing it would. */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** Starts a Redis on a free port of the range and stops it when the test ends; its redis:// URL. */
export async function aRedis(t: Tap): Promise<string> {
  return (await aRedisServer(t)).url
}

/** Starts a Redis on a free port of the range, to be stopped and started again; stopped when the test ends. */
export async function aRedisServer(t: Tap): Promise<RedisServer> {
  for (const port of PORTS) {
    const url = `redis://127.0.0.1:${port}`
    if (await answers(url)) continue // someone else's
    const dir = mkdtempSync(join(tmpdir(), 'qms-redis-'))
    const pidfile = join(dir, 'redis.pid')
    const launch = () =>
      spawnSync(
        REDIS_SERVER,
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
          pidfile,
          '--dir',
          dir,
          '--logfile',
          join(dir, 'redis.log'),
        ],
        { timeout: 5_000 },
      ).status === 0
    if (!launch()) {
      rmSync(dir, { recursive: true, force: true })
      continue
    }
    const waitUntil = async (up: boolean) => {
      for (let i = 0; i < 50 && (await answers(url)) !== up; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const kill = (signal: NodeJS.Signals) => {
      const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : NaN
      if (!Number.isInteger(pid) || pid <= 0) return
      try {
        process.kill(pid, signal)
      } catch {
        // already gone
      }
    }
    await waitUntil(true)
    const server: RedisServer = {
      url,
      async stop() {
        kill('SIGKILL')
        await waitUntil(false)
        rmSync(pidfile, { force: true })
      },
      async start() {
        if (!launch()) throw new Error(`redis-server did not start again on port ${port}`)
        await waitUntil(true)
      },
    }
    t.teardown(async () => {
      kill('SIGTERM')
      await waitUntil(false)
      rmSync(dir, { recursive: true, force: true })
    })
    if (!(await answers(url))) throw new Error(`redis-server on port ${port} did not answer (see its log in ${dir})`)
    return server
  }
  throw new Error(`No free port for redis-server in ${PORTS[0]}–${PORTS[PORTS.length - 1]}`)
}

/** What the Redis holds under a prefix (to show a count really is there). */
export function redisKeys(url: string, pattern: string): string[] {
  const port = new URL(url).port
  return execFileSync('/usr/bin/redis-cli', ['-p', port, '--scan', '--pattern', pattern], { encoding: 'utf8', timeout: 5_000 })
    .split('\n')
    .filter((k) => k !== '')
}
