/**
 * Who the counters will call, and in what order: a pure replay of the call-next rule
 * (server/src/domain/calls.ts, README "Who is called next") over today's waiting tickets.
 *
 * A counter serving several services in order, the priority rule with its anti-starvation limit
 * and tickets reserved for a counter all make "people ahead of me" more than the earlier tickets of
 * the same service. So the forecast lets the counters call in turn, each when it is next free (a
 * counter busy with a ticket is free once that ticket's usual service time has passed; one that has
 * just called is free again after the called ticket's service time), each picking by the very rule
 * the real `callNext` applies, until the ticket asked about is called. No new arrivals are assumed.
 *
 * Written by hand because it is the queue's own rule: `test/domain/queue-forecast.test.ts` plays
 * the forecast against the real `callNext` on a SQLite database and checks every call matches.
 */

export interface ForecastTicket {
  id: number
  serviceId: number
  /** Place in the queue (issue instant, or arrival of a transfer); ties by id. */
  queuedAt: number
  priority: boolean
  /** Reserved for this counter by a transfer: it calls it before anything else. */
  targetCounterId: number | null
}

export interface ForecastCounter {
  id: number
  /** Counters that are free at the same instant call in the order of their numbers. */
  number: number
  strategy: 'service_order' | 'longest_wait'
  /** The counter's services, in its order. */
  serviceIds: number[]
  priorityStreak: number
  /** When the counter can next call: now when idle, later while it serves someone. */
  freeAt: number
}

export interface ForecastInput {
  waiting: ForecastTicket[]
  counters: ForecastCounter[]
  maxPriorityInRow: number
  /** Usual service time of a service, in ms. */
  serviceMs(serviceId: number): number
  /** Stop once this ticket is called (it is included); without it every callable ticket is forecast. */
  until?: number
}

export interface ForecastCall {
  counterId: number
  ticketId: number
  at: number
}

function byPlace(a: ForecastTicket, b: ForecastTicket): number {
  return a.queuedAt - b.queuedAt || a.id - b.id
}

/**
 * One ordered queue as a counter sees it, read front to back; tickets another counter took are
 * skipped as they come up. The queue only shrinks in a forecast, so the front never moves back.
 */
class Lane {
  #at = 0
  constructor(private readonly tickets: ForecastTicket[]) {}
  front(taken: ReadonlySet<number>): ForecastTicket | undefined {
    while (this.#at < this.tickets.length && taken.has(this.tickets[this.#at]!.id)) this.#at++
    return this.tickets[this.#at]
  }
}

/** A counter's queues in the order its own `pickNext` (calls.ts) reads them. */
function lanesOf(counter: ForecastCounter, waiting: readonly ForecastTicket[]) {
  const rank = new Map(counter.serviceIds.map((id, i) => [id, i]))
  const order = (a: ForecastTicket, b: ForecastTicket): number =>
    (counter.strategy === 'service_order' ? rank.get(a.serviceId)! - rank.get(b.serviceId)! : 0) || byPlace(a, b)
  const mine = waiting.filter((t) => t.targetCounterId === null && rank.has(t.serviceId)).sort(order)
  return {
    reserved: new Lane(waiting.filter((t) => t.targetCounterId === counter.id).sort(byPlace)),
    any: new Lane(mine),
    priority: new Lane(mine.filter((t) => t.priority)),
    ordinary: new Lane(mine.filter((t) => !t.priority)),
  }
}

/** Rule by rule the choice of `pickNext` in calls.ts: reserved first, then priority within its limit, then the strategy. */
function pick(lanes: ReturnType<typeof lanesOf>, streak: number, maxPriorityInRow: number, taken: ReadonlySet<number>): ForecastTicket | undefined {
  const reserved = lanes.reserved.front(taken)
  if (reserved) return reserved
  if (maxPriorityInRow <= 0) return lanes.any.front(taken)
  const priority = lanes.priority.front(taken)
  if (priority && streak < maxPriorityInRow) return priority
  return lanes.ordinary.front(taken) ?? priority
}

/** Can this counter ever call this ticket? */
export function canCall(counter: ForecastCounter, ticket: ForecastTicket): boolean {
  return ticket.targetCounterId === null ? counter.serviceIds.includes(ticket.serviceId) : ticket.targetCounterId === counter.id
}

/** The calls the counters will make, in order, until `until` is called or nobody can call any more. */
export function forecastCalls(input: ForecastInput): ForecastCall[] {
  const counters = input.counters.map((c) => ({ ...c, lanes: lanesOf(c, input.waiting) }))
  const taken = new Set<number>()
  const calls: ForecastCall[] = []
  // Every round calls one ticket or retires one counter: bounded by tickets + counters.
  while (taken.size < input.waiting.length && counters.length > 0) {
    let at = 0
    for (let i = 1; i < counters.length; i++) {
      const a = counters[i]!
      const b = counters[at]!
      if (a.freeAt < b.freeAt || (a.freeAt === b.freeAt && a.number < b.number)) at = i
    }
    const counter = counters[at]!
    const next = pick(counter.lanes, counter.priorityStreak, input.maxPriorityInRow, taken)
    if (!next) {
      // Nobody new arrives in a forecast: a counter with nothing to call now never will.
      counters.splice(at, 1)
      continue
    }
    taken.add(next.id)
    calls.push({ counterId: counter.id, ticketId: next.id, at: counter.freeAt })
    counter.priorityStreak = next.priority && next.targetCounterId === null ? counter.priorityStreak + 1 : 0
    counter.freeAt += input.serviceMs(next.serviceId)
    if (next.id === input.until) break
  }
  return calls
}

export interface TicketForecast {
  /** Tickets the counters that can call this one will call before it. */
  ahead: number
  /** When it is expected to be called. */
  at: number
}

/**
 * Where one ticket stands: how many the counters that can call it will call first, and when its
 * turn comes. Undefined when none of the given counters can reach it.
 */
export function forecastTicket(input: Omit<ForecastInput, 'until'>, ticketId: number): TicketForecast | undefined {
  const ticket = input.waiting.find((t) => t.id === ticketId)
  if (!ticket) return undefined
  const servers = new Set(input.counters.filter((c) => canCall(c, ticket)).map((c) => c.id))
  if (servers.size === 0) return undefined
  const calls = forecastCalls({ ...input, until: ticketId })
  const last = calls[calls.length - 1]
  if (!last || last.ticketId !== ticketId) return undefined
  const ahead = calls.slice(0, -1).filter((c) => servers.has(c.counterId)).length
  return { ahead, at: last.at }
}

/** The same for every waiting ticket at once, from one forecast run (for pushing to many phones). */
export function forecastAll(input: Omit<ForecastInput, 'until'>): Map<number, TicketForecast> {
  const calls = forecastCalls(input)
  const byId = new Map(input.waiting.map((t) => [t.id, t]))
  const counters = input.counters
  const result = new Map<number, TicketForecast>()
  // Calls made so far per counter, to count those made by each ticket's possible counters.
  const made = new Map<number, number>()
  for (const call of calls) {
    const ticket = byId.get(call.ticketId)!
    let ahead = 0
    for (const c of counters) if (canCall(c, ticket)) ahead += made.get(c.id) ?? 0
    result.set(call.ticketId, { ahead, at: call.at })
    made.set(call.counterId, (made.get(call.counterId) ?? 0) + 1)
  }
  return result
}
