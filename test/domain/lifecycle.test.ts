/**
 * The ticket lifecycle table (shared/lifecycle.ts) against everything derived from it: the status
 * labels of every catalogue, the event names, the reports' status encoding, the error codes, and
 * the server itself, driven through the HTTP API with a socket listening: each step emits its event
 * and is refused with its own code from any status it may not start from.
 */
import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import {
  AT_COUNTER_STATUSES,
  EVENT_NAMES,
  FINAL_STATUSES,
  LIVE_STATUSES,
  OTHER_EVENTS,
  STATUSES,
  STEPS,
  TICKET_STATUSES,
  canTake,
  type StepName,
} from '../../shared/lifecycle.js'
import { ERROR_CODES, type TicketStatus } from '../../shared/constants.js'
import { QUEUE_EVENT_NAMES } from '../../shared/contract.js'
import { STATUS_FIGURE } from '../../shared/reports.js'
import { TRACKING_TEXT } from '../../server/src/routes/tracking-view.js'
import { STATUS_KEYS } from '../../counter/src/console/refusal.js'
import { messages as counterMessages } from '../../counter/src/messages.js'
import { ORIGIN, STATUS_CODE, STATUS_MASK } from '../../server/src/reports/facts.js'
import { tickets } from '../../server/src/db/schema.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId, type Device, type Staff } from '../helpers/build.js'
import { connect, type Listener } from '../helpers/socket.js'

const STEP_NAMES = Object.keys(STEPS) as StepName[]

t.test('the table is consistent', async (t) => {
  t.same(new Set(TICKET_STATUSES).size, TICKET_STATUSES.length, 'every status once')
  t.same(
    LIVE_STATUSES,
    TICKET_STATUSES.filter((s) => STATUSES[s].live),
  )
  t.same(
    AT_COUNTER_STATUSES,
    TICKET_STATUSES.filter((s) => STATUSES[s].atCounter),
  )
  t.same(
    FINAL_STATUSES,
    TICKET_STATUSES.filter((s) => STATUSES[s].final),
  )
  for (const s of AT_COUNTER_STATUSES) t.ok(LIVE_STATUSES.includes(s), `${s}: a ticket at a counter is live`)
  for (const s of FINAL_STATUSES) t.notOk(LIVE_STATUSES.includes(s), `${s}: a final status is not live`)
  for (const name of STEP_NAMES) {
    const step = STEPS[name]
    for (const from of step.from) t.ok(canTake(name, from), `${name} from ${from}`)
    for (const from of FINAL_STATUSES) t.notOk(canTake(name, from), `${name} never starts from ${from}`)
    // A step that starts from a status can be refused: it names its refusal.
    if (step.from.length > 0 && name !== 'closeDay') t.ok(step.refusal, `${name} has a refusal code`)
  }
  // Every status is reached by some step, and every non-final status can be left.
  for (const s of TICKET_STATUSES) {
    t.ok(
      STEP_NAMES.some((n) => STEPS[n].to === s),
      `some step reaches ${s}`,
    )
    if (!STATUSES[s].final)
      t.ok(
        STEP_NAMES.some((n) => canTake(n, s)),
        `some step leaves ${s}`,
      )
  }
  t.same(tickets.status.enumValues, TICKET_STATUSES, 'the database column allows exactly the table’s statuses')
})

t.test('every status has a label in every catalogue', async (t) => {
  for (const s of TICKET_STATUSES) {
    for (const lang of ['vi', 'en'] as const) {
      t.ok(TRACKING_TEXT[lang].status[s]?.trim(), `ticket page (${lang}) says what ${s} means`)
      const key = STATUS_KEYS[s]
      t.ok(key && counterMessages[lang][key]?.trim(), `counter console (${lang}) has a refusal sentence for a ticket ${s}`)
    }
    t.ok(STATUS_FIGURE[s], `the reports count ${s} entries as ${STATUS_FIGURE[s]}`)
    t.equal(STATUS_FIGURE[s] === 'open', STATUSES[s].live, `${s}: counted open exactly when live`)
  }
})

t.test('the reports encode every status in its own code', async (t) => {
  const codes = TICKET_STATUSES.map((s) => STATUS_CODE[s])
  t.equal(new Set(codes).size, TICKET_STATUSES.length, 'one code per status')
  for (const s of TICKET_STATUSES) {
    t.type(STATUS_CODE[s], 'number', `${s} has a code`)
    t.equal(STATUS_CODE[s]! & STATUS_MASK, STATUS_CODE[s], `${s}'s code fits in the status bits`)
  }
  t.ok(STATUS_MASK < ORIGIN, 'the flags above the status bits do not overlap them')
})

t.test('event names and error codes come from the table', async (t) => {
  t.same([...QUEUE_EVENT_NAMES].sort(), [...new Set(EVENT_NAMES)].sort(), 'the socket contract names the table’s events')
  t.equal(new Set(QUEUE_EVENT_NAMES).size, QUEUE_EVENT_NAMES.length, 'each event name once')
  for (const name of STEP_NAMES) {
    t.ok(QUEUE_EVENT_NAMES.includes(STEPS[name].event), `${name}'s event ${STEPS[name].event} is in QUEUE_EVENT_NAMES`)
    const refusal = STEPS[name].refusal
    if (refusal !== null) t.ok((ERROR_CODES as readonly string[]).includes(refusal), `${name}'s refusal ${refusal} is an error code`)
  }
  for (const name of OTHER_EVENTS) t.ok(QUEUE_EVENT_NAMES.includes(name), `${name} is in QUEUE_EVENT_NAMES`)
})

/**
 * The server, step by step. Each step's request is written once here (a new step fails the
 * typecheck until it has one); a ticket in a given status is reached by the shortest path of
 * steps in the table, so the table's own transitions build the scene.
 */
t.test('the server takes every step as the table says', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')
  const civil = await serviceId(app, 'HT')
  // Counters 1 and 2 both serve land: a ticket called at one can be tried at the other.
  const desks = [
    { id: await counterId(app, 1), staff: await login(app, 'canbo1') },
    { id: await counterId(app, 2), staff: await login(app, 'canbo2') },
  ]
  // A kiosk follows the site's every event (a display has its own stream: test/realtime/display-stream.test.ts).
  const socket = connect(t, baseUrl(app), { auth: { deviceToken: kiosk.token } })
  const received: string[] = []
  socket.socket.onAny((name: string) => received.push(name))
  const { seq } = await socket.snapshot

  const harness = new Harness(app, socket, seq, kiosk, admin, desks, { land, civil })
  // Events that are not a ticket's step: a counter opens.
  for (const d of desks) {
    const opened = await harness.publishes(() => app.inject({ method: 'POST', url: `/api/counters/${d.id}/open`, headers: d.staff.headers }))
    t.same(opened, ['counter:updated'], 'opening a counter publishes its new state')
  }

  // Every status but `closed` (closing the day ends every live ticket at once: last).
  const reachable = TICKET_STATUSES.filter((s) => s !== 'closed')
  for (const name of STEP_NAMES) {
    if (name === 'issue' || name === 'closeDay') continue
    const step = STEPS[name]
    for (const from of reachable) {
      const ticket = await harness.ticketIn(from)
      if (canTake(name, from)) {
        const events = await harness.take(name, ticket, 200)
        t.same(events, [step.event], `${name} from ${from}: the socket receives ${step.event}`)
        t.equal(await harness.status(ticket.id), step.to, `${name} from ${from}: the ticket is ${step.to}`)
      } else {
        const { res, events } = await harness.refused(name, ticket)
        t.equal(res.statusCode, 409, `${name} from ${from} is refused`)
        t.equal(res.json().code, step.refusal, `${name} from ${from}: ${step.refusal}`)
        t.same(events, [], `${name} from ${from}: a refusal publishes nothing`)
        t.equal(await harness.status(ticket.id), from, `${name} from ${from}: the ticket stays ${from}`)
      }
    }
  }

  // Issue: the first step, from nothing.
  const issued = await harness.take('issue', { id: 0, counter: null }, 201)
  t.same(issued, [STEPS.issue.event], `issue: the socket receives ${STEPS.issue.event}`)

  // Close the day: every live ticket ends `closed`; then nothing can be done with them.
  await harness.clearDesks()
  // Tickets that hold no counter first: reaching one may take a counter for a while (set aside: called,
  // served, set aside), which the tickets made after it then occupy for good.
  const liveStatuses = [...LIVE_STATUSES].sort((a, b) => Number(STATUSES[a].atCounter) - Number(STATUSES[b].atCounter))
  const live: TicketAt[] = []
  for (const s of liveStatuses) live.push(await harness.ticketIn(s, false))
  const closedEvents = await harness.take('closeDay', { id: 0, counter: null }, 200)
  t.same(closedEvents, [STEPS.closeDay.event], `closeDay: the socket receives ${STEPS.closeDay.event}`)
  for (const [i, ticket] of live.entries()) t.equal(await harness.status(ticket.id), STEPS.closeDay.to, `closeDay from ${liveStatuses[i]}`)
  for (const name of STEP_NAMES) {
    if (name === 'issue' || name === 'closeDay') continue
    const { res, events } = await harness.refused(name, { id: live[0]!.id, counter: null })
    t.equal(res.json().code, STEPS[name].refusal, `${name} from closed: ${STEPS[name].refusal}`)
    t.same(events, [], `${name} from closed publishes nothing`)
  }

  // And a configuration change.
  const changed = await harness.publishes(() =>
    app.inject({ method: 'PATCH', url: `/api/admin/counters/${desks[0]!.id}`, headers: admin.headers, payload: { name: 'Quầy một' } }),
  )
  t.same(changed, ['site:changed'])

  // Everything the socket received is a known event, and every known event was received.
  const queueEvents = received.filter((n) => n !== 'queue:snapshot')
  for (const name of new Set(queueEvents)) t.ok(QUEUE_EVENT_NAMES.includes(name as never), `${name} is in QUEUE_EVENT_NAMES`)
  for (const name of QUEUE_EVENT_NAMES) t.ok(queueEvents.includes(name), `the server published ${name}`)
})

interface TicketAt {
  id: number
  /** The counter it is at (or was last at), if any. */
  counter: number | null
}

class Harness {
  constructor(
    readonly app: FastifyInstance,
    readonly socket: Listener,
    /** The site's sequence number as far as the socket has received. */
    private seq: number,
    readonly kiosk: Device,
    readonly admin: Staff,
    readonly desks: { id: number; staff: Staff }[],
    readonly services: { land: number; civil: number },
  ) {}

  async status(id: number): Promise<TicketStatus | undefined> {
    return (await this.app.store.read((r) => r.tickets.get(1, id)))?.status
  }

  /** Tickets at a counter now, by counter. */
  async #atDesks(): Promise<Map<number, { id: number; status: TicketStatus }>> {
    const rows = await this.app.store.read((r) => r.tickets.atCounters(1))
    return new Map(rows.map((r) => [r.counterId, { id: r.id, status: r.status }]))
  }

  #staffAt(counter: number | null): Staff {
    return (this.desks.find((d) => d.id === counter) ?? this.desks[0]!).staff
  }

  /** The request a step is taken with. */
  request(step: StepName, ticket: TicketAt, freeDesk: () => Promise<number>): Promise<LightMyRequestResponse> {
    const post = (url: string, staff: Staff, payload?: object) =>
      this.app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })
    // The counter the ticket is at, or any free one (asked only by the steps that need one).
    const desk = async () => ticket.counter ?? (await freeDesk())
    const atDesk = (act: (at: number) => Promise<LightMyRequestResponse>) => async () => act(await desk())
    const requests: Record<StepName, () => Promise<LightMyRequestResponse>> = {
      issue: () => issue(this.app, this.kiosk, { serviceId: this.services.land }),
      call: async () => {
        const counter = await freeDesk()
        return post(`/api/counters/${counter}/call`, this.#staffAt(counter), { ticketId: ticket.id })
      },
      recall: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/recall`, this.#staffAt(at))),
      start: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/start`, this.#staffAt(at))),
      finish: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/finish`, this.#staffAt(at))),
      noShow: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/no-show`, this.#staffAt(at))),
      setAside: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/set-aside`, this.#staffAt(at))),
      resume: atDesk((at) => post(`/api/counters/${at}/tickets/${ticket.id}/resume`, this.#staffAt(at))),
      return: () => post(`/api/tickets/${ticket.id}/return`, this.#staffAt(ticket.counter)),
      transfer: atDesk((at) =>
        ticket.counter !== null
          ? post(`/api/counters/${at}/tickets/${ticket.id}/transfer`, this.#staffAt(at), { toServiceId: this.services.civil })
          : post(`/api/tickets/${ticket.id}/transfer`, this.#staffAt(at), { toServiceId: this.services.civil }),
      ),
      cancel: () => post(`/api/tickets/${ticket.id}/cancel`, this.#staffAt(ticket.counter)),
      closeDay: () => post('/api/queue/close-day', this.admin),
    }
    return requests[step]()
  }

  /**
   * The names of the events published by `action`, in order: everything up to the site's
   * sequence number after it, as the database has it (only committed events are published, each
   * with its number; a socket's snapshot requests are rationed, so the test does not ask for one
   * per step).
   */
  async publishes(action: () => Promise<unknown>): Promise<string[]> {
    const before = this.socket.events.length
    await action()
    const seq = (await this.app.store.read((r) => r.sites.get(1)))!.eventSeq
    const waited = seq - this.seq
    this.seq = seq
    if (waited > 0) await this.socket.waitForEvents(before + waited)
    return this.socket.events.slice(before).map((e) => e.name)
  }

  /** Takes a step that must succeed; returns the events it published (counter updates left out). */
  async take(step: StepName, ticket: TicketAt, status: number): Promise<string[]> {
    let res: LightMyRequestResponse | undefined
    const names = await this.publishes(async () => {
      res = await this.request(step, ticket, () => this.#freeDesk())
    })
    if (res?.statusCode !== status) throw new Error(`${step} of ticket ${ticket.id}: ${res?.statusCode} ${res?.body}`)
    return names.filter((n) => n !== 'counter:updated')
  }

  /** Tries a step that must be refused, at a free counter when it needs one. */
  async refused(step: StepName, ticket: TicketAt): Promise<{ res: LightMyRequestResponse; events: string[] }> {
    let res: LightMyRequestResponse | undefined
    const events = await this.publishes(async () => {
      res = await this.request(step, ticket, () => this.#freeDesk(ticket.counter))
    })
    return { res: res!, events }
  }

  /** A counter with no ticket at it (other than `not`), freeing one by finishing its ticket. */
  async #freeDesk(not: number | null = null): Promise<number> {
    const busy = await this.#atDesks()
    const free = this.desks.find((d) => d.id !== not && !busy.has(d.id))
    if (!free) throw new Error('no free counter: call ticketIn, which frees one')
    return free.id
  }

  /** Frees a counter (other than `keep`) by finishing or marking absent what is at it. */
  async #makeRoom(keep: number | null): Promise<void> {
    const busy = await this.#atDesks()
    if (this.desks.some((d) => d.id !== keep && !busy.has(d.id))) return
    const desk = this.desks.find((d) => d.id !== keep)!
    await this.#leave(desk.id, busy.get(desk.id)!)
  }

  async #leave(desk: number, at: { id: number; status: TicketStatus }): Promise<void> {
    const leave: StepName = at.status === 'serving' ? 'finish' : 'noShow'
    await this.take(leave, { id: at.id, counter: desk }, 200)
  }

  /** Frees every counter. */
  async clearDesks(): Promise<void> {
    for (const [desk, at] of await this.#atDesks()) await this.#leave(desk, at)
  }

  /** A new ticket in `status`, reached by the shortest path of steps in the table from `issue`. */
  async ticketIn(status: TicketStatus, room = true): Promise<TicketAt> {
    const path = pathTo(status)
    // Its event may reach the socket before the answer does (PostgreSQL answers later than SQLite):
    // counted from before the request.
    let issued: LightMyRequestResponse | undefined
    await this.publishes(async () => {
      issued = await this.request('issue', { id: 0, counter: null }, async () => 0)
    })
    const ticket: TicketAt = { id: issued!.json().ticket.id as number, counter: null }
    for (const step of path) {
      if (step === 'call') {
        await this.#makeRoom(null)
        ticket.counter = await this.#freeDesk()
      }
      await this.take(step, ticket, 200)
    }
    const now = await this.status(ticket.id)
    if (now !== status) throw new Error(`ticket ${ticket.id} is ${now}, not ${status}`)
    // The step under test may need a free counter besides this ticket's.
    if (room) await this.#makeRoom(ticket.counter)
    return ticket
  }
}

/** The steps from a new waiting ticket to `status`, breadth first through the table (no day close). */
function pathTo(status: TicketStatus): StepName[] {
  const start = STEPS.issue.to
  const paths = new Map<TicketStatus, StepName[]>([[start, []]])
  const queue: TicketStatus[] = [start]
  while (queue.length > 0) {
    const at = queue.shift()!
    for (const name of STEP_NAMES) {
      if (name === 'closeDay' || !canTake(name, at)) continue
      const to = STEPS[name].to
      if (paths.has(to)) continue
      paths.set(to, [...paths.get(at)!, name])
      queue.push(to)
    }
  }
  const path = paths.get(status)
  if (!path) throw new Error(`no path to ${status}`)
  return path
}
