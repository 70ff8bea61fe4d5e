/**
 * Test builders: the app on a temporary SQLite file with a fake clock, and the people and devices
 * that use it. Each test gets its own database and tears it down with the test.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { eq } from 'drizzle-orm'
import { app as qms } from '../../server/src/app.js'
import { loadConfig, type Config } from '../../server/src/config.js'
import { hashPassword, hashToken, newToken } from '../../server/src/auth/passwords.js'
import { counters, devices, services, users } from '../../server/src/db/schema.js'
import { CSRF_HEADER } from '../../shared/constants.js'
import type { DeviceConfig } from '../../shared/types.js'
import type { Role } from '../../shared/constants.js'

/** Monday 23 November 2026, 08:00 in Hà Nội (01:00 UTC): a busy morning. */
export const MONDAY_8AM = Date.UTC(2026, 10, 23, 1, 0, 0)
export const PASSWORD = 'mat-khau-thu-nghiem'

export class FakeClock {
  constructor(public time = MONDAY_8AM) {}
  now = (): number => this.time
  advance(ms: number): number {
    this.time += ms
    return this.time
  }
  set(ms: number): void {
    this.time = ms
  }
}

export interface Tap {
  teardown(fn: () => unknown): void
}

export interface Built {
  app: FastifyInstance
  clock: FakeClock
  dir: string
  databasePath: string
  config: Config
}

export interface BuildOptions {
  demo?: boolean
  clock?: FakeClock
  /** Reuse a database file (restart tests). */
  databasePath?: string
  env?: Record<string, string>
  listen?: boolean
  /** The server's logger (default: none). */
  logger?: FastifyServerOptions['logger']
  /** Runs on the bare Fastify instance before the app is registered: root hooks that see every route. */
  before?: (app: FastifyInstance) => void
}

/**
 * Test databases live in RAM where Linux offers it: still a real SQLite file with WAL and
 * synchronous=FULL, but fsync costs nothing, so a loaded CI machine does not time tests out.
 * The restart test keeps its file on disk.
 */
export const TEST_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()

export async function build(t: Tap, opts: BuildOptions = {}): Promise<Built> {
  const dir = mkdtempSync(join(TEST_DIR, 'qms-test-'))
  const databasePath = opts.databasePath ?? join(dir, 'qms.sqlite')
  const clock = opts.clock ?? new FakeClock()
  const config = loadConfig({
    DATABASE_PATH: databasePath,
    DEMO_DATA: String(opts.demo ?? true),
    // Tests build their own history where they need one.
    DEMO_HISTORY_DAYS: '0',
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://qms.test',
    // The product's own print timeout (8 s): a loaded machine must not turn a working printer into
    // a failed one. Tests of jammed printers set their own.
    // Tests log in many users from one address; the rate-limit test sets its own limit.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    // Tests issue hundreds of tickets from one kiosk within seconds; kiosk-rate-limit.test.ts sets its own.
    KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '100000',
    // Daily database copies are tested on their own (test/api/backup.test.ts).
    BACKUP_KEEP: '0',
    ...opts.env,
  })
  const app = Fastify({ logger: opts.logger ?? false }).withTypeProvider<TypeBoxTypeProvider>()
  opts.before?.(app as unknown as FastifyInstance)
  await app.register(qms, { config, clock: clock.now })
  if (opts.listen) await app.listen({ port: 0, host: '127.0.0.1' })
  else await app.ready()
  t.teardown(async () => {
    await app.close()
    if (!opts.databasePath) rmSync(dir, { recursive: true, force: true })
  })
  return { app: app as unknown as FastifyInstance, clock, dir, databasePath, config }
}

export function baseUrl(app: FastifyInstance): string {
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('app is not listening')
  return `http://127.0.0.1:${address.port}`
}

export interface Staff {
  id: number
  cookie: string
  csrf: string
  headers: Record<string, string>
}

/** Logs in through the API, as a browser would. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Staff> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const body = res.json() as { user: { id: number }; csrfToken: string }
  return { id: body.user.id, cookie, csrf: body.csrfToken, headers: { cookie, [CSRF_HEADER]: body.csrfToken } }
}

let userSeq = 0
/** A new user with the given role, logged in. */
export async function aUser(app: FastifyInstance, role: Role, name?: string): Promise<Staff> {
  const username = name ?? `${role}${++userSeq}`
  app.storage.db
    .insert(users)
    .values({ siteId: 1, username, displayName: `Test ${username}`, passwordHash: await hashPassword(PASSWORD), role, createdAt: app.clock() })
    .run()
  return login(app, username)
}

export interface Device {
  id: number
  token: string
  headers: Record<string, string>
}

export function aDevice(app: FastifyInstance, kind: 'kiosk' | 'display', config: DeviceConfig = {}): Device {
  const token = newToken()
  const row = app.storage.db
    .insert(devices)
    .values({ siteId: 1, kind, name: `Test ${kind}`, tokenHash: hashToken(token), config, createdAt: app.clock() })
    .returning({ id: devices.id })
    .get()
  return { id: row.id, token, headers: { authorization: `Bearer ${token}` } }
}

export function serviceId(app: FastifyInstance, code: string): number {
  const row = app.storage.db.select({ id: services.id }).from(services).where(eq(services.code, code)).get()
  if (!row) throw new Error(`no service ${code}`)
  return row.id
}

export function counterId(app: FastifyInstance, number: number): number {
  const row = app.storage.db.select({ id: counters.id }).from(counters).where(eq(counters.number, number)).get()
  if (!row) throw new Error(`no counter ${number}`)
  return row.id
}

let keySeq = 0
/** Issues a ticket from a kiosk through the API and returns the body. */
export async function issue(
  app: FastifyInstance,
  kiosk: Device,
  body: { serviceId: number; priorityGroupId?: number | null },
  key = `test-key-${process.pid}-${++keySeq}`,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { ...kiosk.headers, 'idempotency-key': key },
    payload: body,
  })
  return res
}

/**
 * A staff member serves the next citizen at counter `number` from start to finish, through the
 * API (opening the counter first): the ticket called must be `ticketId`. Returns the staff login.
 */
export async function serveNext(app: FastifyInstance, username: string, number: number, ticketId: number) {
  const staff = await login(app, username)
  const counter = counterId(app, number)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  if (called.json().id !== ticketId) throw new Error(`counter ${number} called ${called.json().number}, not ticket ${ticketId}`)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${ticketId}/start`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${ticketId}/finish`, headers: staff.headers })
  return { staff, counter }
}
