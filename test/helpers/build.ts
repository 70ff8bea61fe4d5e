/**
 * Test builders: the app on a temporary database with a fake clock, and the people and devices
 * that use it. Each test gets its own database and tears it down with the test: an SQLite file,
 * or in the PostgreSQL pass (QMS_TEST_DIALECT=postgres) a database of the run's cluster.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'
import SerializerSelector, { type SerializerFactory } from '@fastify/fast-json-stringify-compiler'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { app as qms } from '../../server/src/app.js'
import { frameworkErrors } from '../../server/src/plugins/errors.js'
import { loadConfig, type Config } from '../../server/src/config.js'
import { hashPassword, hashToken, newToken } from '../../server/src/auth/passwords.js'
import type { Database } from '../../server/src/db/database.js'
import { CSRF_HEADER } from '../../shared/constants.js'
import type { DeviceConfig } from '../../shared/types.js'
import type { ProvinceRole, Role } from '../../shared/constants.js'
import { dialect, freshPgDatabase } from './engines.js'

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
  /** The SQLite file (SQLite pass only: on PostgreSQL nothing is there). */
  databasePath: string
  /** The PostgreSQL database (PostgreSQL pass only). */
  databaseUrl: string | undefined
  config: Config
}

export interface BuildOptions {
  demo?: boolean
  clock?: FakeClock
  /** Reuse a database file (tests of the SQLite file itself). */
  databasePath?: string
  /** Start on the database of an app built before (a restart), on either dialect. */
  sameDatabaseAs?: Built
  env?: Record<string, string | undefined>
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

/**
 * Fastify's own compilers (ajv for what comes in, fast-json-stringify for what goes out), each
 * route's schema compiled once per test process instead of once per app: a test file builds an app
 * per test, and compiling every route's schemas was about a second of processor time each build.
 * Keyed by the schema's content (the routes make new but equal schema objects each build), the
 * request part and the compiler's options, so an app gets the very function it would have compiled.
 * (Given as factories, Fastify takes them for custom ones and compiles a headers schema as written
 * instead of lower-casing its keys: the routes' header names are lower case already.)
 */
const compiled = new Map<string, unknown>()
function once<F>(key: string, compile: () => F): F {
  let fn = compiled.get(key) as F | undefined
  if (fn === undefined) {
    fn = compile()
    compiled.set(key, fn)
  }
  return fn
}
/** The compilers' calling convention at run time (their published types describe other uses). */
type Compile = (route: { schema: unknown; httpPart?: string }) => unknown
type Factory = (externalSchemas: unknown, options: unknown) => Compile
const compiledOnce =
  (kind: string, factory: Factory): Factory =>
  (externalSchemas, options) => {
    const compile = factory(externalSchemas, options)
    const key = `${kind} ${JSON.stringify([externalSchemas, options])}`
    return (route) => once(`${key} ${route.httpPart ?? ''} ${JSON.stringify(route.schema)}`, () => compile(route))
  }
const compilersFactory = {
  buildValidator: compiledOnce('validator', AjvCompiler() as unknown as Factory),
  buildSerializer: compiledOnce('serializer', SerializerSelector() as unknown as Factory),
} as unknown as { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory }

export async function build(t: Tap, opts: BuildOptions = {}): Promise<Built> {
  if (dialect === 'postgres' && opts.databasePath) throw new Error('build({ databasePath }) is about the SQLite file: this test is SQLite only')
  const dir = mkdtempSync(join(TEST_DIR, 'qms-test-'))
  const databasePath = opts.databasePath ?? opts.sameDatabaseAs?.databasePath ?? join(dir, 'qms.sqlite')
  const clock = opts.clock ?? new FakeClock()
  let config = loadConfig({
    DATABASE_PATH: databasePath,
    DEMO_DATA: String(opts.demo ?? true),
    // Tests build their own history where they need one.
    DEMO_HISTORY_DAYS: '0',
    // One centre unless a test asks for the demo province's communes.
    DEMO_COMMUNES: '0',
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
  // Dropped after the app has closed its pool.
  const drops: (() => unknown)[] = []
  let databaseUrl: string | undefined
  // A test that names its own PostgreSQL database (several processes on one) keeps it in either pass.
  if (opts.env?.DATABASE_URL) databaseUrl = opts.env.DATABASE_URL
  else if (dialect === 'postgres') {
    databaseUrl =
      opts.sameDatabaseAs?.databaseUrl ??
      (await freshPgDatabase(
        { teardown: (fn) => drops.push(fn) },
        // A generated administrator password is printed at first start: that start must seed.
        config.ADMIN_PASSWORD ? { seed: { now: clock.now(), demo: config.DEMO_DATA, adminPassword: config.ADMIN_PASSWORD } } : {},
      ))
    config = { ...config, DATABASE_URL: databaseUrl }
  }
  // A loaded two-core CI machine can take longer than Fastify's 10 s to seed a centre and its history.
  // frameworkErrors as main.ts sets it: the router's own refusals carry a stable code.
  const app = Fastify({
    logger: opts.logger ?? false,
    pluginTimeout: 60_000,
    frameworkErrors,
    schemaController: { compilersFactory },
  }).withTypeProvider<TypeBoxTypeProvider>()
  opts.before?.(app as unknown as FastifyInstance)
  try {
    await app.register(qms, { config, clock: clock.now })
    if (opts.listen) await app.listen({ port: 0, host: '127.0.0.1' })
    else await app.ready()
  } catch (err) {
    // A start that fails (tests of refused starts) leaves nothing on PostgreSQL either.
    for (const drop of drops) await drop()
    throw err
  }
  t.teardown(async () => {
    await app.close()
    for (const drop of drops) await drop()
    if (!opts.databasePath) rmSync(dir, { recursive: true, force: true })
  })
  return { app: app as unknown as FastifyInstance, clock, dir, databasePath, databaseUrl, config }
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
/** A new user of centre 1 with the given role (and province role), logged in. */
export async function aUser(app: FastifyInstance, role: Role, name?: string, provinceRole: ProvinceRole | null = null, siteId = 1): Promise<Staff> {
  const username = name ?? `${provinceRole ? 'province-' : ''}${role}${++userSeq}`
  const passwordHash = await hashPassword(PASSWORD)
  await app.store.write((tx) =>
    tx.users.insert({ siteId, username, displayName: `Test ${username}`, passwordHash, role, provinceRole, createdAt: app.clock() }),
  )
  return login(app, username)
}

export interface Device {
  id: number
  token: string
  headers: Record<string, string>
}

export async function aDevice(app: FastifyInstance, kind: 'kiosk' | 'display' | 'rating', config: DeviceConfig = {}): Promise<Device> {
  const token = newToken()
  const row = await app.store.write((tx) =>
    tx.devices.insert({ siteId: 1, kind, name: `Test ${kind}`, tokenHash: hashToken(token), config, createdAt: app.clock() }),
  )
  return { id: row.id, token, headers: { authorization: `Bearer ${token}` } }
}

export async function serviceId(app: FastifyInstance, code: string): Promise<number> {
  const row = (await app.store.read((r) => r.services.all(1))).find((s) => s.code === code)
  if (!row) throw new Error(`no service ${code}`)
  return row.id
}

export async function counterId(app: FastifyInstance, number: number): Promise<number> {
  const row = (await app.store.read((r) => r.counters.all(1))).find((c) => c.number === number)
  if (!row) throw new Error(`no counter ${number}`)
  return row.id
}

/** A priority group's id by its code. */
export async function groupId(app: FastifyInstance, code: string): Promise<number> {
  const row = (await app.store.read((r) => r.priorityGroups.all(1))).find((g) => g.code === code)
  if (!row) throw new Error(`no priority group ${code}`)
  return row.id
}

// ─── Raw SQL, on either dialect ───────────────────────────────────────────────────────────────
// For what no repository says: counting rows, reading a column as stored, corrupting data. Write
// `?` placeholders (they become $1, $2… on PostgreSQL) and alias columns in double quotes
// (`counter_id as "counterId"`): PostgreSQL folds unquoted names to lower case. Values come back
// as the driver gives them: booleans are 0/1 on SQLite, JSON is text on SQLite.

type SqlTarget = { database: Database }
type SqlValue = string | number | boolean | null

/** `?` → `$n`, outside quoted strings. */
function pgPlaceholders(sql: string): string {
  let n = 0
  let quoted = false
  let out = ''
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted
    out += ch === '?' && !quoted ? `$${++n}` : ch
  }
  return out
}

/** Every row the statement returns, as plain objects. */
export async function sqlRows<T = Record<string, unknown>>(target: SqlTarget, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
  const { sqlite, pg } = target.database
  if (pg) return (await pg.query(pgPlaceholders(sql), [...params])).rows as T[]
  if (!sqlite) throw new Error('no database')
  const statement = sqlite.sqlite.prepare(sql)
  const bound = params.map((p) => (typeof p === 'boolean' ? Number(p) : p))
  return statement.reader ? (statement.all(...bound) as T[]) : (statement.run(...bound), [])
}

/** The first column of the first row (a count, one stored value), or undefined without a row. */
export async function sqlValue<T = unknown>(target: SqlTarget, sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
  const [row] = await sqlRows(target, sql, params)
  return row ? (Object.values(row)[0] as T) : undefined
}

/** Runs a statement that returns nothing (an update behind the application's back). */
export async function sqlRun(target: SqlTarget, sql: string, params: readonly SqlValue[] = []): Promise<void> {
  await sqlRows(target, sql, params)
}

/**
 * Takes the demo's procedures (thủ tục) off the kiosk and the console: for tests of the field-only
 * flow (a tile issues at once, finishing asks nothing), which a centre without procedures still has.
 */
export async function fieldsOnly(app: FastifyInstance): Promise<void> {
  await sqlRun(app, 'update procedures set active = false')
}

let keySeq = 0
/** Issues a ticket from a kiosk through the API and returns the body. */
export async function issue(
  app: FastifyInstance,
  kiosk: Device,
  body: { serviceId: number; priorityGroupId?: number | null; procedureId?: number | null },
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
  const counter = await counterId(app, number)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  if (called.json().id !== ticketId) throw new Error(`counter ${number} called ${called.json().number}, not ticket ${ticketId}`)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${ticketId}/start`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${ticketId}/finish`, headers: staff.headers })
  return { staff, counter }
}
