/**
 * One schema per shape: what the HTTP serializer writes is what the handler built, the sockets
 * carry the same objects as HTTP, and no route answers with an open object. Fastify's serializer
 * (fast-json-stringify) writes only the properties a response schema declares, so a field added
 * to a view but not to its schema would vanish from HTTP while sockets carried it.
 */
import { join } from 'node:path'
import t from 'tap'
import { build as bundle } from 'esbuild'
import type { TSchema } from 'typebox'
import { ticketView } from '../../server/src/domain/views.js'
import { CounterViewSchema, QueueSnapshotSchema, TicketProgressSchema, TicketViewSchema, UserViewSchema } from '../../shared/schemas.js'
import { io } from 'socket.io-client'
import type { TicketEvent, TicketProgress, TransferEvent } from '../../shared/contract.js'
import type { CounterView, QueueSnapshot, TicketView } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { connect, requestSync } from '../helpers/socket.js'
import { buildWithRoutes } from '../security/route-inventory.js'
import { exercise, reached } from './schemas-exercise.js'
import { projectRoot } from '../../server/src/paths.js'

const keys = (o: object) => Object.keys(o).sort()
const schemaKeys = (s: { properties: object }) => Object.keys(s.properties).sort()

/**
 * Routes whose success is not a JSON document, and why; every other route must answer with a
 * closed schema and be reached by the exercise.
 */
const NOT_JSON: Record<string, string> = {
  'POST /api/auth/logout': '204, no body',
  'POST /api/auth/password': '204, no body',
  'GET /api/tickets/:id/ticket.png': 'a PNG',
  'GET /api/reports/export.csv': 'CSV',
  'GET /api/reports/export.xlsx': 'a workbook',
  'GET /api/province/report.csv': 'CSV',
  'GET /api/province/report.xlsx': 'a workbook',
  'GET /t/page.js': 'the ticket page script',
  'GET /t/:id/:code': 'the ticket page (HTML)',
  'GET /public': 'the province’s public page (HTML)',
  'GET /public/:id': 'a centre’s public page (HTML)',
  'POST /t/:id/:code/rating': 'a redirect back to the ticket page',
  'GET /': 'a redirect to the counter console',
  'GET /*': 'static files',
  'GET /kiosk': 'a front end',
  'GET /kiosk/': 'a front end',
  'GET /display': 'a front end',
  'GET /display/': 'a front end',
  'GET /counter': 'a front end',
  'GET /counter/': 'a front end',
}

/** Free-form on purpose, by route and place: an audit entry's detail is whatever the command recorded. */
const FREE_FORM = new Set(['GET /api/admin/audit 200.entries[].detail'])

/** Paths inside a schema where an object declares no properties, or allows any (the serializer would write them unchecked). */
function openPlaces(schema: TSchema, path: string, out: string[]): string[] {
  const s = schema as Record<string, unknown>
  if (FREE_FORM.has(path)) return out
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) (s[key] as TSchema[]).forEach((branch, i) => openPlaces(branch, `${path}|${i}`, out))
  }
  if (s.additionalProperties === true || (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object'))
    out.push(`${path} (additionalProperties)`)
  if (s.patternProperties !== undefined) out.push(`${path} (patternProperties)`)
  const typed = s.type !== undefined || s.anyOf !== undefined || s.oneOf !== undefined || s.allOf !== undefined || s.const !== undefined || s.enum !== undefined
  if (!typed) out.push(`${path} (any value)`)
  const types = [s.type].flat()
  if (types.includes('object')) {
    const properties = s.properties as Record<string, TSchema> | undefined
    if (!properties || Object.keys(properties).length === 0) out.push(`${path} (object without properties)`)
    for (const [name, property] of Object.entries(properties ?? {})) openPlaces(property, `${path}.${name}`, out)
  }
  if (types.includes('array')) {
    if (!s.items) out.push(`${path} (array of anything)`)
    else openPlaces(s.items as TSchema, `${path}[]`, out)
  }
  return out
}

/** One exercise of every endpoint, for the two tests that read it; torn down with the file. */
let exercised: ReturnType<typeof exercise> | undefined
const exerciseOnce = () => (exercised ??= exercise(t))

t.test('every route answers with a closed schema, and the exercise reaches every JSON route', async (t) => {
  const { routes } = await buildWithRoutes(t)
  const { calls } = await exerciseOnce()
  const seen = reached(calls)
  const json = routes.filter((r) => r.method !== 'HEAD' && NOT_JSON[`${r.method} ${r.url}`] === undefined)
  t.ok(json.length >= 50, `${json.length} JSON routes`)
  for (const route of json) {
    const name = `${route.method} ${route.url}`
    const success = Object.entries(route.schema?.response ?? {}).filter(([status]) => /^2\d\d$/.test(status))
    t.ok(success.length > 0, `${name} declares its success answer`)
    for (const [status, schema] of success) {
      const open = openPlaces(schema as TSchema, `${name} ${status}`, [])
      t.same(open, [], `${name} ${status}: every object declares its properties`)
    }
    t.ok(seen.has(name), `${name} is reached by the exercise (test/api/schemas-exercise.ts)`)
  }
  for (const name of Object.keys(NOT_JSON)) {
    t.ok(
      routes.some((r) => `${r.method} ${r.url}` === name),
      `${name} still exists (else drop it from NOT_JSON)`,
    )
  }
})

t.test('HTTP writes every field the handler built, converted to nothing', async (t) => {
  const { calls } = await exerciseOnce()
  t.ok(calls.length >= 70, `${calls.length} answers compared`)
  for (const call of calls) {
    const name = `${call.label}: ${call.method} ${call.route}`
    if (call.route === '/api/auth/login' || call.route === '/api/auth/me' || call.route === '/api/auth/site') {
      // The handler hands over the account's row; the schema writes its public view only.
      const sent = call.sent as { user: Record<string, unknown>; csrfToken: string }
      const received = call.received as { user: Record<string, unknown> }
      t.ok('passwordHash' in sent.user, `${name}: the handler passes the stored row`)
      t.same(keys(received.user), schemaKeys(UserViewSchema), `${name}: the answer has the user view's fields, no password hash`)
      t.strictSame(
        call.received,
        {
          ...sent,
          user: Object.fromEntries(schemaKeys(UserViewSchema).map((k) => [k, sent.user[k]])),
        },
        name,
      )
      continue
    }
    t.strictSame(call.received, call.sent, name)
  }
})

t.test('a ticket and a counter read the same over HTTP and over the socket', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const screen = connect(t, baseUrl(app), { cookie: staff.cookie })
  const before = await screen.snapshot
  const dd = await serviceId(app, 'DD')
  for (let i = 0; i < 4; i++) await issue(app, kiosk, { serviceId: dd, priorityGroupId: i === 1 ? 1 : null })
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  const opened = (await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: staff.headers })).json() as CounterView
  const called = (await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: staff.headers })).json() as TicketView
  const moved = await app.inject({
    method: 'POST',
    url: `/api/counters/${c1}/tickets/${called.id}/transfer`,
    headers: staff.headers,
    payload: { toCounterId: c2, note: 'Hồ sơ đất đai cần cán bộ quầy 2 xem lại' },
  })
  t.equal(moved.statusCode, 200)
  const transfer = moved.json() as { from: TicketView; ticket: TicketView }
  const again = (await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: staff.headers })).json() as TicketView

  const http = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })).json() as QueueSnapshot
  // Every event up to the snapshot's sequence number.
  const events = await screen.waitForEvents(http.seq - before.seq)
  const payload = <E>(name: string, nth = 0) => events.filter((e) => e.name === name)[nth]?.payload as E
  t.strictSame(payload<TicketEvent>('ticket:called').ticket, called, 'the ticket called: HTTP answer = socket event')
  t.strictSame(payload<TicketEvent>('ticket:called', 1).ticket, again, 'the next call, too')
  const transferred = payload<TransferEvent>('ticket:transferred')
  t.strictSame({ from: transferred.from, ticket: transferred.ticket }, transfer, 'a transfer: both entries the same on HTTP and the socket')
  t.equal(transfer.ticket.targetCounterId, c2, 'the reserved counter is carried')
  t.equal(transfer.ticket.transferNote, 'Hồ sơ đất đai cần cán bộ quầy 2 xem lại')
  t.strictSame(payload<{ counter: CounterView }>('counter:updated').counter, opened, 'the counter opened: HTTP answer = socket event')

  const socket = await requestSync(screen.socket)
  t.ok(
    http.tickets.some((x) => x.calledAt !== null && x.counterId !== null && x.staffId !== null),
    'the snapshot has a ticket at a counter',
  )
  t.ok(
    http.tickets.some((x) => x.priorityGroupId !== null),
    '… and a priority ticket',
  )
  t.ok(
    http.counters.some((c) => c.staffName !== null && c.currentTicketId !== null),
    '… and a staffed counter',
  )
  const { serverTime: _h, ...overHttp } = http
  const { serverTime: _s, ...overSocket } = socket
  t.strictSame(overHttp, overSocket, 'the whole snapshot, but the instant it was taken, is the same on HTTP and on the socket')
  t.same(keys(http), schemaKeys(QueueSnapshotSchema))
})

t.test('a citizen’s phone reads the same progress over HTTP and over its socket', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const ht = await serviceId(app, 'HT')
  await issue(app, kiosk, { serviceId: ht })
  const mine = (await issue(app, kiosk, { serviceId: ht })).json() as { trackingUrl: string }
  const path = new URL(mine.trackingUrl).pathname
  const [, id, code] = /^\/t\/(\d+)\/([\w-]+)$/.exec(path) ?? []
  for (const lang of ['vi', 'en'] as const) {
    const socket = io(baseUrl(app), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { follow: { ticketId: Number(id), code: code ?? '', lang } },
      forceNew: true,
      reconnection: false,
    })
    t.teardown(() => {
      socket.disconnect()
    })
    const overSocket = await new Promise<TicketProgress>((resolve, reject) => {
      socket.once('ticket:progress', resolve)
      socket.once('connect_error', reject)
    })
    const overHttp = (await app.inject({ method: 'GET', url: `${path}/progress?lang=${lang}` })).json() as TicketProgress
    t.equal(overHttp.ahead, 1, 'one citizen ahead')
    t.strictSame(overHttp, overSocket, `${lang}: the poll and the socket say the same`)
    t.same(keys(overSocket), schemaKeys(TicketProgressSchema), `${lang}: the socket's progress has the schema's fields`)
  }
})

t.test('the views the server builds have exactly the fields their schemas declare', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const screen = connect(t, baseUrl(app), { cookie: staff.cookie })
  const first = await screen.snapshot
  const issued = (await issue(app, kiosk, { serviceId: await serviceId(app, 'HT') })).json() as { ticket: TicketView }
  const row = await app.store.read((r) => r.tickets.get(1, issued.ticket.id))
  if (!row) throw new Error('the ticket was not stored')
  // A field added to the view and not to the schema (or the other way round) fails here, and on
  // sockets, which send the view as it is, without a serializer to drop or demand anything.
  t.same(keys(ticketView(row)), schemaKeys(TicketViewSchema), 'ticketView builds the schema’s fields, no more, no fewer')
  const [event] = await screen.waitForEvents(1)
  t.same(keys((event?.payload as TicketEvent).ticket), schemaKeys(TicketViewSchema), 'a ticket event carries the schema’s fields')
  t.ok(first.counters.length > 0)
  for (const counter of first.counters) t.same(keys(counter), schemaKeys(CounterViewSchema), `counter ${counter.number} on the socket has the schema’s fields`)
  t.same(keys(first), schemaKeys(QueueSnapshotSchema), 'the socket snapshot has the schema’s fields')
})

t.test('the front ends bundle the types of the schemas, not TypeBox', async (t) => {
  // A value imported from shared/schemas.ts (rather than `import type`) would put TypeBox in a bundle.
  const entries = ['kiosk/src/main.ts', 'display/src/main.ts', 'counter/src/main.ts', 'kiosk/ticket-page/main.ts']
  for (const entry of entries) {
    const isApp = !entry.includes('ticket-page')
    const result = await bundle({
      entryPoints: [join(projectRoot, entry)],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    })
    const inputs = Object.keys(result.metafile.inputs)
    if (isApp)
      t.ok(
        inputs.some((i) => i.startsWith('shared/')),
        `${entry} bundles shared/ code`,
      )
    t.same(
      inputs.filter((i) => /node_modules\/typebox\/|shared\/schemas\.ts$/.test(i)),
      [],
      `${entry}: no TypeBox, no schemas`,
    )
  }
})
