/**
 * A kiosk whose server restarts while a citizen taps: the kiosk keeps trying, with the same
 * idempotency key, until the server is back, and the citizen gets one number. The real kiosk code
 * (kiosk/src/ticket-issuer.ts) against a real server; the restart is the server refusing
 * connections for a while (fetch fails as it does on a refused connection), the pauses scaled down
 * tenfold so that the test takes seconds.
 */
import t from 'tap'
import { TicketIssuer } from '../../kiosk/src/ticket-issuer.js'
import { aDevice, baseUrl, build, serviceId, sqlValue, type Tap } from '../helpers/build.js'

const SCALED = { backoffMs: [100, 200, 400, 500], retryForMs: 3_000, timeoutMs: 2_000 }

/** Routes the kiosk's relative requests to `url`, refusing them until `downUntil`. */
function network(t: Tap, url: string) {
  const real = globalThis.fetch
  const state = { downUntil: 0, keys: [] as string[] }
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    state.keys.push(new Headers(init?.headers).get('idempotency-key') ?? '')
    if (Date.now() < state.downUntil) throw new TypeError('fetch failed: connect ECONNREFUSED')
    return real(new URL(String(input), url), init)
  }) as typeof fetch
  t.teardown(() => {
    globalThis.fetch = real
  })
  return state
}

t.test('a tap during a restart gets one number once the server is back', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const net = network(t, baseUrl(app))
  const issuer = new TicketIssuer(kiosk.token, SCALED)
  const retries: number[] = []

  net.downUntil = Date.now() + 1_500 // the server is restarting
  const issued = await issuer.issue({ serviceId: await serviceId(app, 'DD'), priorityGroupId: null }, (n) => retries.push(n))
  t.equal(issued.ticket.number, '1001', 'the citizen gets a number')
  t.ok(retries.length >= 3, `after ${retries.length} retries`)
  t.equal(new Set(net.keys).size, 1, 'every try carried the same key')
  t.equal(await sqlValue(app, 'select count(*) from tickets'), 1, 'one ticket was issued')
})

t.test('a server that stays away longer is given up on, and the next tap reuses the key', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const net = network(t, baseUrl(app))
  const issuer = new TicketIssuer(kiosk.token, SCALED)
  const land = await serviceId(app, 'DD')

  net.downUntil = Date.now() + 60_000
  const started = Date.now()
  await t.rejects(issuer.issue({ serviceId: land, priorityGroupId: null }), { code: 'network' }, 'the kiosk says it cannot reach the server')
  const gaveUpAfter = Date.now() - started
  t.ok(gaveUpAfter <= SCALED.retryForMs + 500, `within its window (${gaveUpAfter} ms)`)
  net.downUntil = 0
  await issuer.issue({ serviceId: land, priorityGroupId: null })
  t.equal(new Set(net.keys).size, 1, 'the citizen tapping again sends the same key')
  t.equal(await sqlValue(app, 'select count(*) from tickets'), 1)
})

t.test('by default the kiosk keeps trying for 30 seconds', async (t) => {
  // The restart it must outlast: a few seconds here (npm run bench, start-up), more on an old PC.
  const issuer = new TicketIssuer('token') as unknown as { retryForMs: number; backoffMs: number[] }
  t.equal(issuer.retryForMs, 30_000)
  t.same(issuer.backoffMs, [1_000, 2_000, 4_000, 5_000])
})
