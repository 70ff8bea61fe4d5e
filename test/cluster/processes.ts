/**
 * Real processes for the cluster tests: PostgreSQL, Redis, server processes started from the built
 * bundle (dist/server/main.js), and nginx in front of them. Everything listens on 127.0.0.1 on a
 * free port, and every process started here is stopped by pid at the test's teardown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { projectRoot } from '../../server/src/paths.js'
import type { Tap } from '../helpers/build.js'

export const PG_BIN = (() => {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort() : []
  const found = versions.reverse().find((v) => existsSync(join(root, v, 'bin', 'initdb')))
  return found ? join(root, found, 'bin') : null
})()

const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null
export const REDIS_SERVER = which('redis-server')
export const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : which('nginx')
export const BUNDLE = join(projectRoot, 'dist', 'server', 'main.js')

/** Why the cluster tests cannot run here, or null when they can. */
export function missingForCluster(): string | null {
  const missing = [!PG_BIN && !process.env.QMS_TEST_PG_URL ? 'postgresql' : null, !REDIS_SERVER ? 'redis-server' : null, !NGINX ? 'nginx' : null].filter(
    Boolean,
  )
  if (missing.length > 0) return `needs ${missing.join(', ')} (apt-get install -y postgresql redis-server nginx)`
  if (!existsSync(BUNDLE)) return 'needs the built server (npm run build)'
  return null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (let i = 0; Date.now() < deadline && i < timeoutMs / everyMs + 10; i++) {
    try {
      const value = await check()
      if (value) return value
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`)
}

const asPostgres = (args: string[]) => spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' })

/**
 * A PostgreSQL database of its own: in the cluster `npm test` started (QMS_TEST_PG_URL, a
 * maintenance URL), or in a cluster started here. Returns its URL.
 */
export async function aPostgresDatabase(t: Tap, name: string): Promise<string> {
  let admin = process.env.QMS_TEST_PG_URL
  if (!admin) {
    if (!PG_BIN) throw new Error('no PostgreSQL')
    const dir = mkdtempSync('/tmp/qms-pg-')
    chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0)
    const port = await freePort()
    const init = asPostgres([join(PG_BIN, 'initdb'), '-D', dir, '-U', 'postgres', '--auth=trust'])
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
    const start = asPostgres([join(PG_BIN, 'pg_ctl'), '-D', dir, '-o', options, '-l', join(dir, 'log'), '-w', 'start'])
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}`)
    t.teardown(() => {
      asPostgres([join(PG_BIN, 'pg_ctl'), '-D', dir, '-m', 'immediate', 'stop'])
      rmSync(dir, { recursive: true, force: true })
    })
    admin = `postgres://postgres@127.0.0.1:${port}/postgres`
  }
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  const database = `${name}_${process.pid}`
  await client.query(`drop database if exists ${database}`)
  await client.query(`create database ${database}`)
  await client.end()
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: admin })
    await c.connect()
    await c.query(`drop database if exists ${database} with (force)`)
    await c.end()
  })
  const url = new URL(admin)
  url.pathname = `/${database}`
  return url.toString()
}

export interface RedisServer {
  url: string
  port: number
  stop(): void
  start(): void
}

/** A Redis of the test's own, which the test may stop and start again on the same port. */
export async function aRedis(t: Tap): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error('no redis-server')
  const dir = mkdtempSync('/tmp/qms-redis-')
  const port = await freePort()
  const pidFile = join(dir, 'redis.pid')
  const redis: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    start() {
      const run = spawnSync(REDIS_SERVER!, [
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
      ])
      if (run.status !== 0) throw new Error(`redis-server failed: ${run.stderr}`)
    },
    stop() {
      const pid = readPid(pidFile)
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      rmSync(pidFile, { force: true })
    },
  }
  redis.start()
  t.teardown(() => {
    redis.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  return redis
}

function readPid(file: string): number | null {
  for (let i = 0; i < 20; i++) {
    if (existsSync(file)) {
      const pid = Number(spawnSync('cat', [file], { encoding: 'utf8' }).stdout.trim())
      if (pid > 0) return pid
    }
    spawnSync('sleep', ['0.05'])
  }
  return null
}

export interface ServerProcess {
  name: string
  port: number
  url: string
  child: ChildProcess
  /** Everything the process wrote, for messages when something fails. */
  output(): string
  kill(signal?: NodeJS.Signals): Promise<void>
}

/** Starts `node dist/server/main.js` with these settings and waits until its health check answers. */
export async function aServer(t: Tap, name: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_HISTORY_DAYS: '0',
      BACKUP_KEEP: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const server: ServerProcess = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
    },
  }
  t.teardown(() => server.kill('SIGKILL'))
  await until(
    `${name} to answer its health check`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${output.slice(-2000)}`)
      const res = await fetch(`${server.url}/api/health`)
      return res.status === 200
    },
    60_000,
    200,
  )
  return server
}

/**
 * nginx in front of the servers, with the configuration the README gives for a province
 * (server/deploy/nginx.conf): only the upstream servers and the listening address are this test's.
 */
export async function anNginx(t: Tap, servers: ServerProcess[]): Promise<{ url: string; port: number }> {
  if (!NGINX) throw new Error('no nginx')
  const dir = mkdtempSync('/tmp/qms-nginx-')
  const port = await freePort()
  const site = readFileSync(join(projectRoot, 'server', 'deploy', 'nginx.conf'), 'utf8')
    .replace(/^\s*server 127\.0\.0\.1:\d+ .*\n/gm, '')
    .replace('ip_hash;', `ip_hash;\n${servers.map((s) => `  server 127.0.0.1:${s.port} max_fails=1 fail_timeout=2s;`).join('\n')}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site}
}
`,
  )
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString('utf8')))
  t.teardown(async () => {
    child.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 100))
    rmSync(dir, { recursive: true, force: true })
  })
  const url = `http://127.0.0.1:${port}`
  await until(`nginx on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`)
    return (await fetch(`${url}/api/health`)).status === 200
  })
  return { url, port }
}
