/**
 * Real processes for the cluster tests: server processes started from the built bundle
 * (dist/server/main.js) and nginx in front of them, on the PostgreSQL `npm test` started
 * (test/helpers/engines.ts) and a Redis of the test's own (test/helpers/redis.ts), which it may
 * stop and start. Everything listens on 127.0.0.1 on a free port, and every process started here is
 * stopped by pid at the test's teardown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { projectRoot } from '../../server/src/paths.js'
import type { Tap } from '../helpers/build.js'
import { SKIP_PG } from '../helpers/engines.js'
import { SKIP_REDIS as SKIP_REDIS_SERVER } from '../helpers/redis.js'
export { freshPgDatabase as aPostgresDatabase } from '../helpers/engines.js'
export { aRedisServer as aRedis } from '../helpers/redis.js'

const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null
export const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : which('nginx')
export const BUNDLE = join(projectRoot, 'dist', 'server', 'main.js')

/** Why the cluster tests cannot run here, or null when they can. */
export function missingForCluster(): string | null {
  const missing = [SKIP_PG ? 'postgresql' : null, SKIP_REDIS_SERVER ? 'redis-server' : null, !NGINX ? 'nginx' : null].filter(Boolean)
  if (missing.length > 0) return `needs ${missing.join(', ')} (apt-get install -y postgresql redis-server nginx; npm test starts PostgreSQL)`
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
      // unref: the bound must not keep the test process alive for 15 s after the child has exited.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())])
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
    // Asked often: the crash cycles restart a server forty times, and each start waited on average
    // half an interval more than it took.
    50,
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
  // Its own process group: the master and its worker are stopped together, never a worker left behind.
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let errors = ''
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString('utf8')))
  t.teardown(async () => {
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal)
      } catch {
        // already gone
      }
    }
    // SIGTERM: nginx's master stops its worker and exits; SIGKILL to the group if it has not within 5 s.
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()))
    group('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
    group('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  const url = `http://127.0.0.1:${port}`
  await until(`nginx on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`)
    return (await fetch(`${url}/api/health`)).status === 200
  })
  return { url, port }
}

/** A staff login on a server process: its cookie, and the headers a change needs (cookie and CSRF token). */
export interface Session {
  cookie: string
  headers: Record<string, string>
}

/** One JSON request to a server process. */
export async function request(server: ServerProcess, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}

export async function login(server: ServerProcess, username: string, password: string): Promise<Session> {
  const res = await request(server, 'POST', '/api/auth/login', {}, { username, password })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { cookie, headers: { cookie, 'x-csrf-token': res.body.csrfToken as string } }
}
