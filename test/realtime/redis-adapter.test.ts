/**
 * Several server processes share their Socket.IO rooms through Redis (REDIS_URL). Two app instances
 * in this test process stand for two server processes: each has its own SQLite database (one SQLite
 * file cannot be shared by two processes, and the adapter layer does not care), both the same
 * Redis, started here on a free port in 63840–63849 and killed by its pid to play an outage.
 * The demo seed gives both databases the same site 1 and the same users, so rooms match.
 */
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { QueueEvent } from '../../shared/contract.js'
import { aDevice, baseUrl, build, issue, login, serviceId, TEST_DIR, type Tap } from '../helpers/build.js'
import { connect, type Listener } from '../helpers/socket.js'
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js'

const REDIS_SERVER = '/usr/bin/redis-server'

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A throwaway redis-server: no persistence, its own directory, stopped by its pid. */
class RedisProcess {
  pid = 0
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(t: Tap): Promise<RedisProcess> {
    let port = 0
    for (let p = 63840; p <= 63849 && port === 0; p++) if (await portFree(p)) port = p
    if (port === 0) throw new Error('no free port in 63840–63849 for redis-server')
    const redis = new RedisProcess(port, mkdtempSync(join(TEST_DIR, 'qms-redis-')))
    t.teardown(() => {
      redis.kill()
      rmSync(redis.dir, { recursive: true, force: true })
    })
    await redis.up()
    return redis
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts it (again) on its port, and waits until it answers. */
  async up(): Promise<void> {
    const pidfile = join(this.dir, 'redis.pid')
    rmSync(pidfile, { force: true })
    // prettier-ignore
    execFileSync(REDIS_SERVER, [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--daemonize', 'yes', '--pidfile', pidfile, '--dir', this.dir, '--logfile', join(this.dir, 'redis.log'),
    ])
    await until('redis-server to write its pid', () => existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim() !== '', 5_000)
    this.pid = Number(readFileSync(pidfile, 'utf8').trim())
    await until('redis-server to answer', () => answersPing(this.port), 5_000)
  }

  /** Kills it without a chance to say goodbye, as a crash would. */
  kill(): void {
    if (this.pid && alive(this.pid)) process.kill(this.pid, 'SIGKILL')
  }

  async down(): Promise<void> {
    const pid = this.pid
    this.kill()
    await until('redis-server to be gone', () => !alive(pid), 5_000)
  }
}

async function health(app: FastifyInstance): Promise<{ statusCode: number; status: string; redis: string }> {
  const res = await app.inject({ method: 'GET', url: '/api/health' })
  const body = res.json() as { status: string; redis: string }
  return { statusCode: res.statusCode, status: body.status, redis: body.redis }
}

const redisIs = (app: FastifyInstance, state: string) => async () => (await health(app)).redis === state

/** An event on site 1 with a sequence number no command made: only `publish` can have sent it. */
function marker(seq: number): QueueEvent {
  return { name: 'site:changed', payload: { siteId: 1, seq, at: 0, what: `redis-test-${seq}` } }
}

function hasMarker(listener: Listener, seq: number): () => boolean {
  return () => listener.events.some((e) => e.name === 'site:changed' && e.payload.seq === seq)
}

/** The id of the session a login's cookie carries. */
async function sessionOf(app: FastifyInstance, cookie: string): Promise<string> {
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1]
  const session = await app.sessions.resolve(token)
  if (!session) throw new Error('no session for that cookie')
  return session.sessionId
}

/** Why the server dropped the socket; fails if it is still connected after a few seconds. */
const dropped = (l: Listener) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket was not dropped')), 5_000)
    l.socket.on('disconnect', (reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })

/** Two server processes on one Redis, each with a staff console connected to it. */
async function twoProcesses(t: Tap) {
  const redis = await RedisProcess.start(t)
  const a = await build(t, { listen: true, env: { REDIS_URL: redis.url } })
  const b = await build(t, { listen: true, env: { REDIS_URL: redis.url } })
  await until('both processes to reach Redis', async () => (await redisIs(a.app, 'ok')()) && (await redisIs(b.app, 'ok')()))
  return { redis, a: a.app, b: b.app }
}

t.test('Redis adapter', { skip: existsSync(REDIS_SERVER) ? false : `${REDIS_SERVER} is not installed` }, async (t) => {
  t.test('a publish on one process reaches a screen on another; dropping a user there works from here', async (t) => {
    const { a, b } = await twoProcesses(t)
    const staffAtB = await login(b, 'canbo1')
    const consoleAtB = connect(t, baseUrl(b), { cookie: staffAtB.cookie })
    await consoleAtB.snapshot

    a.realtime.publish([marker(1001)])
    await until('the event from process A on the console at B', hasMarker(consoleAtB, 1001))

    const end = dropped(consoleAtB)
    a.realtime.disconnectUser(staffAtB.id)
    t.equal(await end, 'io server disconnect', 'a user dropped on A loses the socket open on B')
  })

  t.test('a password change on one process ends the other logins’ sockets on another, not the kept one’s', async (t) => {
    const { a, b } = await twoProcesses(t)
    // Two logins of one user at B; the change is made through A, keeping the second login.
    const other = await login(b, 'canbo2')
    const kept = await login(b, 'canbo2')
    const hereAtA = await login(a, 'canbo2')
    const otherSocket = connect(t, baseUrl(b), { cookie: other.cookie })
    const keptSocket = connect(t, baseUrl(b), { cookie: kept.cookie })
    const socketAtA = connect(t, baseUrl(a), { cookie: hereAtA.cookie })
    await Promise.all([otherSocket.snapshot, keptSocket.snapshot, socketAtA.snapshot])
    const ends = Promise.all([dropped(otherSocket), dropped(socketAtA)])
    await a.realtime.disconnectUserExcept(other.id, await sessionOf(b, kept.cookie))
    t.same(await ends, ['io server disconnect', 'io server disconnect'], 'the other logins are cut off, on B and on A')
    a.realtime.publish([marker(1002)])
    await until('the kept socket to stay live', hasMarker(keptSocket, 1002))
    t.ok(keptSocket.socket.connected, 'the kept login keeps its socket on the other process')
  })

  t.test('Redis restarts: commands go on, health says so, and screens resync when it is back', async (t) => {
    const { redis, a, b } = await twoProcesses(t)
    const kiosk = await aDevice(a, 'kiosk')
    const staffAtA = await login(a, 'canbo3')
    const staffAtB = await login(b, 'canbo3')
    const consoleAtA = connect(t, baseUrl(a), { cookie: staffAtA.cookie })
    const consoleAtB = connect(t, baseUrl(b), { cookie: staffAtB.cookie })
    await Promise.all([consoleAtA.snapshot, consoleAtB.snapshot])
    t.same(await health(a), { statusCode: 200, status: 'ok', redis: 'ok' })
    let hints = 0
    consoleAtB.socket.on('sync:hint', () => hints++)

    await redis.down()
    await until('both processes to notice', async () => (await redisIs(a, 'unavailable')()) && (await redisIs(b, 'unavailable')()))
    t.same(await health(a), { statusCode: 200, status: 'ok', redis: 'unavailable' }, 'still in service: only cross-process updates suffer')

    const issued = await issue(a, kiosk, { serviceId: await serviceId(a, 'DD') })
    t.equal(issued.statusCode, 201, 'a ticket is issued with Redis down')
    await until('the issue to reach the console on the same process', () => consoleAtA.events.some((e) => e.name === 'ticket:issued'))
    a.realtime.publish([marker(2001)])
    await until('the marker on the same process', hasMarker(consoleAtA, 2001))

    // A logout with Redis down still cuts this process's sockets, and does not wait for Redis.
    const session = await sessionOf(a, staffAtA.cookie)
    const end = dropped(consoleAtA)
    const started = Date.now()
    a.realtime.disconnectSession(session)
    t.equal(await end, 'io server disconnect', 'the local socket is dropped')
    t.ok(Date.now() - started < 1_000, 'without waiting for Redis')

    t.equal(hints, 0, 'no hint while Redis is away')
    t.notOk(hasMarker(consoleAtB, 2001)(), 'what was published meanwhile is lost for B (the resync covers it)')
    await redis.up()
    await until('a resync hint on the console at B', () => hints > 0)
    await until('both processes to reach Redis again', async () => (await redisIs(a, 'ok')()) && (await redisIs(b, 'ok')()))
    a.realtime.publish([marker(2002)])
    await until('publishing from A to reach B again', hasMarker(consoleAtB, 2002))
    t.ok(consoleAtB.socket.connected, 'the console at B never lost its own connection')
  })

  t.test('one process’s link drops alone: when it is back, the screens on the others resync too', async (t) => {
    // What that process published while its own link was down never reached the other processes,
    // whose links never broke: only its hint, through Redis, tells their screens to catch up.
    const { a, b } = await twoProcesses(t)
    const staffAtB = await login(b, 'canbo4')
    const consoleAtB = connect(t, baseUrl(b), { cookie: staffAtB.cookie })
    await consoleAtB.snapshot
    let hints = 0
    consoleAtB.socket.on('sync:hint', () => hints++)

    a.redis.clients!.pub.disconnect(true)
    await until('A to notice its link is down and back', redisIs(a, 'ok'))
    await until('a resync hint on the console at B, whose own link never broke', () => hints > 0)
    t.equal(b.redis.state(), 'ok', 'B stayed connected throughout')
  })
})
