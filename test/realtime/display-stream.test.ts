/**
 * The displays' own stream (shared/display-stream.ts, server/src/plugins/display-stream.ts): a
 * display socket receives what its board shows, coalesced, in its own sequence, and a display
 * that misses a message finds out and catches up from the database.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { QUEUE_EVENT_NAMES } from '../../shared/contract.js'
import { applyDisplaySteps, type DisplaySnapshot, type DisplayUpdate } from '../../shared/display-stream.js'
import type { TicketView } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId, type Staff } from '../helpers/build.js'
import { connect, requestDisplaySync, type Listener } from '../helpers/socket.js'

/** The display's state after applying every message in order; throws if a step is left pending. */
function reduce(first: DisplaySnapshot, updates: DisplayUpdate[]): DisplaySnapshot {
  let state = first
  for (const u of updates) {
    const r = applyDisplaySteps(state, [], u.steps)
    if (r.pending.length > 0) throw new Error(`a hole before seq ${r.pending[0]!.seq}`)
    state = r.state
  }
  return state
}

const comparable = (s: DisplaySnapshot) => ({ ...s, serverTime: 0 })

/** Waits until the display's messages reach the site's sequence number (coalesced steps come within 250 ms). */
async function caughtUp(app: FastifyInstance, screen: Listener, first: DisplaySnapshot): Promise<DisplaySnapshot> {
  const want = (await app.store.read((r) => r.sites.get(first.siteId)))!.eventSeq
  for (let i = 0; i < 100; i++) {
    const state = reduce(first, screen.displayUpdates)
    if (state.seq >= want) return state
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`the display stream did not reach seq ${want}`)
}

async function post(app: FastifyInstance, staff: Staff, url: string, payload?: object): Promise<TicketView> {
  const res = await app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json() as TicketView
}

t.test('a display receives what its board shows: no ticket events, no staff, no notes, issues coalesced', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const display = await aDevice(app, 'display')
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const screen = connect(t, url, { auth: { deviceToken: display.token } })
  const first = await screen.displaySnapshot
  t.equal(first.seq, 0)

  const burst = 40
  const land = await serviceId(app, 'DD')
  const burstStarted = Date.now()
  await Promise.all(Array.from({ length: burst }, () => issue(app, kiosk, { serviceId: land })))
  const burstMs = Date.now() - burstStarted
  const afterBurst = await caughtUp(app, screen, first)
  const burstMessages = screen.displayUpdates.length
  // At most one message per 250 ms window the burst spans (a loaded machine stretches the burst
  // over more windows), and far fewer than one per issue.
  const windows = Math.ceil(burstMs / 250) + 1
  t.ok(
    burstMessages <= Math.max(burst / 8, windows) && burstMessages <= burst / 4,
    `${burst} issues in a burst over ${burstMs} ms reach the display in ${burstMessages} messages`,
  )
  t.equal(afterBurst.waiting[land], burst, 'the waiting count is right')

  const c1 = await counterId(app, 1)
  const base = `/api/counters/${c1}`
  await post(app, staff, `${base}/open`)
  const called = await post(app, staff, `${base}/call-next`)
  await post(app, staff, `${base}/tickets/${called.id}/start`)
  await post(app, staff, `${base}/tickets/${called.id}/finish`)
  const second = await post(app, staff, `${base}/call-next`)
  const note = 'Thiếu bản sao sổ hộ khẩu'
  await post(app, staff, `${base}/tickets/${second.id}/transfer`, { toServiceId: await serviceId(app, 'HT'), note })
  const state = await caughtUp(app, screen, first)

  const names = new Set(screen.received.map((m) => m.name))
  t.same([...names].sort(), ['display:changed', 'display:snapshot'], 'only the display stream')
  for (const name of QUEUE_EVENT_NAMES) t.notOk(names.has(name), `no ${name}`)
  const wire = JSON.stringify(screen.received)
  t.notOk(wire.includes(note), 'never a transfer note')
  t.notOk(wire.includes('staffName') || wire.includes('staffId') || wire.includes('pauseReason'), 'no staff, no pause reasons')
  const user = await app.store.read((r) => r.users.get(first.siteId, staff.id))
  t.notOk(wire.includes(user!.displayName), "never a staff member's name")

  t.same(
    state.recentCalls.map((c) => c.number),
    [second.number, called.number],
    'both calls, newest first',
  )
  t.equal(state.waiting[land], burst - 2, 'two called')
  t.equal(state.waiting[await serviceId(app, 'HT')], 1, 'one transferred to another service waits there')
  t.same(comparable(state), comparable(await requestDisplaySync(screen.socket)), 'snapshot + steps = a fresh snapshot')
})

t.test('a display that misses a message sees the hole and resyncs to the database state', async (t) => {
  const { app } = await build(t, { listen: true })
  const display = await aDevice(app, 'display')
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const screen = connect(t, baseUrl(app), { auth: { deviceToken: display.token } })
  const first = await screen.displaySnapshot
  const land = await serviceId(app, 'DD')
  for (let i = 0; i < 3; i++) await issue(app, kiosk, { serviceId: land })
  await caughtUp(app, screen, first)
  const c1 = await counterId(app, 1)
  await post(app, staff, `/api/counters/${c1}/open`)
  const called = await post(app, staff, `/api/counters/${c1}/call-next`)
  await caughtUp(app, screen, first)
  t.ok(screen.displayUpdates.length >= 2, 'the issues and the call came in separate messages')

  // The first message is lost, as on a flaky network: the next no longer follows.
  const [lost, ...rest] = screen.displayUpdates
  let state = first
  let pending: DisplayUpdate['steps'] = []
  for (const u of rest) ({ state, pending } = applyDisplaySteps(state, pending, u.steps))
  t.ok(pending.length > 0, 'the hole is seen: the steps after it wait')
  t.equal(state.seq, first.seq, 'nothing is applied past a hole')
  t.same(state.recentCalls, [], '… not even the call')

  const fresh = await requestDisplaySync(screen.socket)
  const db = await app.store.read((r) => r.sites.get(first.siteId))
  t.equal(fresh.seq, db!.eventSeq, 'the resync is as of the last committed event')
  t.equal(fresh.waiting[land], 2)
  t.same(
    fresh.recentCalls.map((c) => [c.number, c.counterId]),
    [[called.number, c1]],
  )
  const late = applyDisplaySteps(fresh, pending, lost!.steps)
  t.same(late.state, fresh, 'the lost message arriving late changes nothing')
  t.same(late.pending, [], 'and nothing waits any more')
})

t.test('a display set to show some counters receives only their calls', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  const room2 = await aDevice(app, 'display', { counterIds: [c2] })
  const all = await aDevice(app, 'display')
  const kiosk = await aDevice(app, 'kiosk')
  const some = connect(t, url, { auth: { deviceToken: room2.token } })
  const every = connect(t, url, { auth: { deviceToken: all.token } })
  const [firstSome, firstEvery] = await Promise.all([some.displaySnapshot, every.displaySnapshot])
  const land = await serviceId(app, 'DD')
  for (let i = 0; i < 4; i++) await issue(app, kiosk, { serviceId: land })
  const desk1 = await login(app, 'canbo1')
  const desk2 = await login(app, 'canbo2')
  await post(app, desk1, `/api/counters/${c1}/open`)
  await post(app, desk2, `/api/counters/${c2}/open`)
  const at1 = await post(app, desk1, `/api/counters/${c1}/call-next`)
  const at2 = await post(app, desk2, `/api/counters/${c2}/call-next`)
  const stateSome = await caughtUp(app, some, firstSome)
  const stateEvery = await caughtUp(app, every, firstEvery)

  const callsIn = (l: Listener) => l.displayUpdates.flatMap((u) => u.steps.flatMap((s) => (s.call ? [s.call.number] : [])))
  t.same(callsIn(some), [at2.number], 'the display of counter 2 receives only its call')
  t.same(callsIn(every), [at1.number, at2.number], 'a display of every counter receives both')
  t.equal(stateSome.seq, stateEvery.seq, 'both streams are whole')
  t.equal(stateSome.waiting[land], 2, 'waiting counts are the same for both')
  t.same(stateSome.waiting, stateEvery.waiting)
  t.same(comparable(stateSome), comparable(await requestDisplaySync(some.socket)), 'its state is its own snapshot')
  t.same(comparable(stateEvery), comparable(await requestDisplaySync(every.socket)))
})
