/**
 * What happens at a counter: calling, recalling, serving, finishing, no-shows, returns,
 * transfers and cancels. Every command checks the ticket's state and the counter's, and
 * refuses an illegal transition with a stable code.
 *
 * Who is called next is decided by the rule in shared/call-order.ts (documented in the README).
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { QueueEvent, QueueEventName } from '../../../shared/contract.js'
import type { ErrorCode, TicketStatus } from '../../../shared/constants.js'
import type { TicketView } from '../../../shared/types.js'
import { callOrder } from '../../../shared/call-order.js'
import type { Db } from '../db/client.js'
import { counters, services, tickets } from '../db/schema.js'
import { type CommandContext, type CommandResult, inTransaction, loadSite } from './context.js'
import { DomainError } from './errors.js'
import { appendEvent } from './event-log.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { counterView, ticketView } from './views.js'
import { prepared, preparedBy } from '../db/prepared.js'
import { assertAssigned, currentTicket, loadCounter, type CounterRow, type TicketRow } from './counter-lookups.js'


function assertOpen(counter: CounterRow): void {
  if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is closed`, 409, { counter: counter.number })
  if (counter.status === 'paused') {
    throw new DomainError('counter_paused', `Counter ${counter.number} is paused`, 409, { counter: counter.number })
  }
}

function loadTicket(db: Db, ctx: CommandContext, ticketId: number): TicketRow {
  const ticket = prepared(db).ticket.get({ id: ticketId, siteId: ctx.siteId })
  if (!ticket) throw new DomainError('ticket_not_found', `Ticket ${ticketId} does not exist`, 404)
  return ticket
}

function counterServiceIds(db: Db, counterId: number): number[] {
  return prepared(db)
    .counterServiceIds.all({ id: counterId })
    .map((r) => r.serviceId)
}

/** The number of the counter a ticket is at, if any. */
function holderNumber(db: Db, ticket: TicketRow): number | null {
  if (ticket.counterId === null) return null
  return db.select({ number: counters.number }).from(counters).where(eq(counters.id, ticket.counterId)).get()?.number ?? null
}

function assertStatus(db: Db, ticket: TicketRow, allowed: TicketStatus[], code: ErrorCode): void {
  if (!allowed.includes(ticket.status)) {
    const counter = holderNumber(db, ticket)
    throw new DomainError(
      code,
      `Ticket ${ticket.number} is ${ticket.status.replace('_', ' ')}${counter === null ? '' : ` (counter ${counter})`}, not ${allowed.join(' or ')}`,
      409,
      { ticket: ticket.number, status: ticket.status, ...(counter === null ? {} : { counter }) },
    )
  }
}

function assertAtCounter(ticket: TicketRow, counter: CounterRow): void {
  if (ticket.counterId !== counter.id) {
    throw new DomainError('ticket_not_at_counter', `Ticket ${ticket.number} is not at counter ${counter.number}`, 409, {
      ticket: ticket.number,
      counter: counter.number,
    })
  }
}

/**
 * An update of the given columns, prepared once per set of columns (a command changes the same
 * few columns every time), with the values as placeholders.
 */
function placeholders<T extends object>(changes: T): { keys: string[]; set: Record<string, Placeholder> } {
  const keys = Object.keys(changes).filter((k) => changes[k as keyof T] !== undefined)
  return { keys, set: Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) }
}

function updateTicket(db: Db, id: number, changes: Partial<TicketRow>): TicketRow {
  const { keys, set } = placeholders(changes)
  const update = preparedBy(db, `ticket:update:${keys.join(',')}`, () =>
    db.update(tickets).set(set).where(eq(tickets.id, sql.placeholder('$id'))).returning().prepare(),
  )
  const row = update.get({ ...changes, $id: id })
  if (!row) throw new Error(`ticket ${id} vanished inside its transaction`)
  return row
}

function touchCounter(db: Db, counterId: number, now: number, changes: Partial<CounterRow> = {}): void {
  const values = { ...changes, updatedAt: now }
  const { keys, set } = placeholders(values)
  preparedBy(db, `counter:update:${keys.join(',')}`, () => db.update(counters).set(set).where(eq(counters.id, sql.placeholder('$id'))).prepare()).run({
    ...values,
    $id: counterId,
  })
}

function ticketEvent(
  db: Db,
  ctx: CommandContext,
  name: Exclude<QueueEventName, 'ticket:transferred' | 'counter:updated' | 'day:closed' | 'site:changed'>,
  before: TicketStatus,
  row: TicketRow,
  counterId: number | null,
  data?: Record<string, unknown>,
): QueueEvent {
  const counter = counterId === null ? undefined : counterView(db, ctx.siteId, counterId)
  return appendEvent(db, {
    name,
    siteId: ctx.siteId,
    at: ctx.now,
    actor: ctx.actor,
    ticketId: row.id,
    counterId,
    serviceId: row.serviceId,
    fromStatus: before,
    toStatus: row.status,
    ...(data ? { data } : {}),
    payload: counter ? { ticket: ticketView(row), counter } : { ticket: ticketView(row) },
  })
}

/**
 * Picks the next ticket for a counter by the rule in shared/call-order.ts, or undefined if none
 * waits. The queries only find each class's first ticket (reserved here, priority, ordinary), in the
 * order the rule keeps within a class; the rule itself chooses among them, so the console's list,
 * which runs the same rule on everything waiting, always marks the ticket this call takes.
 */
export function pickNext(
  db: Db,
  counter: CounterRow,
  serviceIds: number[],
  serviceDay: string,
  maxPriorityInRow: number,
): TicketRow | undefined {
  const params = { siteId: counter.siteId, day: serviceDay, counterId: counter.id }
  const reserved = preparedBy(db, 'pick:reserved', () =>
    db
      .select()
      .from(tickets)
      .where(and(waitingOn(), eq(tickets.targetCounterId, sql.placeholder('counterId'))))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .limit(1)
      .prepare(),
  ).get(params)

  /** The first waiting ticket of a class for this counter's services, by its strategy; built once per shape. */
  const head = (kind: 'priority' | 'ordinary') =>
    preparedBy(db, `pick:${kind}:${counter.strategy}:${serviceIds.join(',')}`, () => {
      const order: SQL[] = [asc(tickets.queuedAt), asc(tickets.id)]
      if (counter.strategy === 'service_order') {
        order.unshift(sql`case ${tickets.serviceId} ${sql.join(
          serviceIds.map((id, i) => sql`when ${id} then ${i}`),
          sql` `,
        )} end`)
      }
      const byClass = kind === 'priority' ? isNotNull(tickets.priorityGroupId) : isNull(tickets.priorityGroupId)
      return db
        .select()
        .from(tickets)
        .where(and(waitingOn(), inArray(tickets.serviceId, serviceIds), isNull(tickets.targetCounterId), byClass))
        .orderBy(...order)
        .limit(1)
        .prepare()
    }).get(params)

  const heads = serviceIds.length === 0 ? [reserved] : [reserved, head('priority'), head('ordinary')]
  const candidates = heads.filter((x): x is TicketRow => x !== undefined)
  return callOrder(candidates, { ...counter, serviceIds }, maxPriorityInRow)[0]
}

/**
 * Waiting tickets of a site's day. SQLite would otherwise pick the `tickets_day` index and read every
 * ticket of the day, done or not: the unary `+` keeps the day out of index choice, so the queue index
 * `tickets_queue` (site, status, service, place) finds just the waiting ones. The status is written
 * into the SQL so it counts as an index term in every prepared shape.
 */
function waitingOn() {
  return and(
    eq(tickets.siteId, sql.placeholder('siteId')),
    sql`${tickets.status} = 'waiting'`,
    sql`+${tickets.serviceDay} = ${sql.placeholder('day')}`,
  )
}

function callTicket(db: Db, ctx: CommandContext, counter: CounterRow, ticket: TicketRow): CommandResult<TicketView> {
  const called = updateTicket(db, ticket.id, {
    status: 'called',
    calledAt: ctx.now,
    counterId: counter.id,
    staffId: ctx.actor.type === 'staff' ? ctx.actor.id : counter.staffId,
  })
  const streak = ticket.priorityGroupId !== null && ticket.targetCounterId === null ? counter.priorityStreak + 1 : 0
  touchCounter(db, counter.id, ctx.now, { priorityStreak: streak })
  return { result: ticketView(called), events: [ticketEvent(db, ctx, 'ticket:called', ticket.status, called, counter.id)] }
}

function prepareCall(db: Db, ctx: CommandContext, counterId: number): CounterRow {
  const counter = loadCounter(db, ctx, counterId)
  assertAssigned(ctx, counter)
  assertOpen(counter)
  const current = currentTicket(db, counter.id)
  if (current) {
    throw new DomainError('counter_busy', `Counter ${counter.number} still has ticket ${current.number} (${current.status})`, 409, {
      ticket: current.number,
      status: current.status,
      counter: counter.number,
    })
  }
  return counter
}

export function callNext(ctx: CommandContext, input: { counterId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const site = loadSite(db, ctx.siteId)
    const counter = prepareCall(db, ctx, input.counterId)
    const next = pickNext(db, counter, counterServiceIds(db, counter.id), serviceDayOf(ctx.now, site.timeZone), site.maxPriorityInRow)
    if (!next) throw new DomainError('queue_empty', `No ticket is waiting for counter ${counter.number}`, 409, { counter: counter.number })
    return callTicket(db, ctx, counter, next)
  })
}

export function callSpecific(ctx: CommandContext, input: { counterId: number; ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const counter = prepareCall(db, ctx, input.counterId)
    const ticket = loadTicket(db, ctx, input.ticketId)
    assertStatus(db, ticket, ['waiting'], 'ticket_not_waiting')
    if (ticket.targetCounterId !== null && ticket.targetCounterId !== counter.id) {
      throw new DomainError('ticket_reserved_elsewhere', `Ticket ${ticket.number} is reserved for another counter`, 409, { ticket: ticket.number })
    }
    return callTicket(db, ctx, counter, ticket)
  })
}

/** Loads the counter (checking who acts) and the ticket it holds, in one of the given states. */
function atCounter(
  db: Db,
  ctx: CommandContext,
  input: { counterId: number; ticketId: number },
  allowed: TicketStatus[],
  code: 'ticket_not_called' | 'ticket_not_serving',
): { counter: CounterRow; ticket: TicketRow } {
  const counter = loadCounter(db, ctx, input.counterId)
  assertAssigned(ctx, counter)
  const ticket = loadTicket(db, ctx, input.ticketId)
  assertStatus(db, ticket, allowed, code)
  assertAtCounter(ticket, counter)
  return { counter, ticket }
}

export function recall(ctx: CommandContext, input: { counterId: number; ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const { counter, ticket } = atCounter(db, ctx, input, ['called'], 'ticket_not_called')
    const row = updateTicket(db, ticket.id, { recallCount: ticket.recallCount + 1 })
    return { result: ticketView(row), events: [ticketEvent(db, ctx, 'ticket:recalled', ticket.status, row, counter.id)] }
  })
}

export function startServing(ctx: CommandContext, input: { counterId: number; ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const { counter, ticket } = atCounter(db, ctx, input, ['called'], 'ticket_not_called')
    const row = updateTicket(db, ticket.id, { status: 'serving', servingAt: ctx.now })
    return { result: ticketView(row), events: [ticketEvent(db, ctx, 'ticket:serving', ticket.status, row, counter.id)] }
  })
}

export function finish(ctx: CommandContext, input: { counterId: number; ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const { counter, ticket } = atCounter(db, ctx, input, ['serving'], 'ticket_not_serving')
    const row = updateTicket(db, ticket.id, { status: 'done', finishedAt: ctx.now })
    touchCounter(db, counter.id, ctx.now)
    return { result: ticketView(row), events: [ticketEvent(db, ctx, 'ticket:finished', ticket.status, row, counter.id)] }
  })
}

export function markNoShow(ctx: CommandContext, input: { counterId: number; ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const { counter, ticket } = atCounter(db, ctx, input, ['called'], 'ticket_not_called')
    const row = updateTicket(db, ticket.id, { status: 'no_show', finishedAt: ctx.now })
    touchCounter(db, counter.id, ctx.now)
    return { result: ticketView(row), events: [ticketEvent(db, ctx, 'ticket:no_show', ticket.status, row, counter.id)] }
  })
}

/**
 * A citizen marked absent turns up: the ticket waits again in its original place, so the
 * next call at a counter for its service reaches it soon.
 */
export function returnToQueue(ctx: CommandContext, input: { ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const site = loadSite(db, ctx.siteId)
    const ticket = loadTicket(db, ctx, input.ticketId)
    if (ticket.status !== 'no_show') {
      throw new DomainError('ticket_not_no_show', `Ticket ${ticket.number} is ${ticket.status.replace('_', ' ')}, not absent`, 409, {
        ticket: ticket.number,
        status: ticket.status,
      })
    }
    if (ticket.serviceDay !== serviceDayOf(ctx.now, site.timeZone)) {
      throw new DomainError('ticket_day_closed', `Ticket ${ticket.number} belongs to ${ticket.serviceDay}, a closed day`, 409, { ticket: ticket.number })
    }
    const row = updateTicket(db, ticket.id, { status: 'waiting', counterId: null, staffId: null, calledAt: null, finishedAt: null })
    return {
      result: ticketView(row),
      events: [ticketEvent(db, ctx, 'ticket:returned', 'no_show', row, null, { previousCounterId: ticket.counterId })],
    }
  })
}

export interface TransferInput {
  ticketId: number
  /** The counter acting, when the ticket is at a counter; absent when staff move a waiting ticket. */
  counterId?: number | null
  toServiceId?: number | null
  toCounterId?: number | null
  note?: string | null
}

/**
 * Moves a ticket to another service or counter. The old entry ends as `transferred`; a new
 * waiting entry keeps the number and arrives at the back of the target queue (or is reserved
 * for the target counter, which calls it before anything else).
 */
export function transfer(ctx: CommandContext, input: TransferInput): CommandResult<{ from: TicketView; ticket: TicketView }> {
  return inTransaction(ctx.db, (db) => {
    const ticket = loadTicket(db, ctx, input.ticketId)
    assertStatus(db, ticket, ['waiting', 'called', 'serving'], 'ticket_not_waiting')
    let counter: CounterRow | undefined
    if (ticket.status !== 'waiting') {
      counter = loadCounter(db, ctx, input.counterId ?? ticket.counterId ?? -1)
      assertAssigned(ctx, counter)
      assertAtCounter(ticket, counter)
    }
    if (input.toServiceId == null && input.toCounterId == null) {
      throw new DomainError('transfer_target_missing', 'Choose a service or a counter to transfer to', 400)
    }
    let serviceId = ticket.serviceId
    if (input.toServiceId != null) {
      const target = db
        .select()
        .from(services)
        .where(and(eq(services.id, input.toServiceId), eq(services.siteId, ctx.siteId)))
        .get()
      if (!target) throw new DomainError('transfer_target_invalid', `Service ${input.toServiceId} does not exist`, 404)
      serviceId = target.id
    }
    let targetCounterId: number | null = null
    if (input.toCounterId != null) {
      const target = loadCounter(db, ctx, input.toCounterId)
      if (counter && target.id === counter.id) {
        throw new DomainError('transfer_same_counter', 'A ticket cannot be transferred to the counter it is at', 400, { ticket: ticket.number, counter: counter.number })
      }
      targetCounterId = target.id
    }
    if (targetCounterId === null && serviceId === ticket.serviceId) {
      throw new DomainError('transfer_same_service', `Ticket ${ticket.number} is already queued for this service`, 400, { ticket: ticket.number })
    }
    const from = updateTicket(db, ticket.id, { status: 'transferred', finishedAt: ctx.now })
    const entry = db
      .insert(tickets)
      .values({
        siteId: ctx.siteId,
        serviceId,
        serviceDay: ticket.serviceDay,
        number: ticket.number,
        seqNo: ticket.seqNo,
        priorityGroupId: ticket.priorityGroupId,
        status: 'waiting',
        issuedAt: ticket.issuedAt,
        queuedAt: ctx.now,
        transferredFromId: ticket.id,
        transferNote: input.note ?? null,
        targetCounterId,
        trackingCode: ticket.trackingCode,
      })
      .returning()
      .get()
    if (counter) touchCounter(db, counter.id, ctx.now)
    const counterAfter = counter ? counterView(db, ctx.siteId, counter.id) : undefined
    const event = appendEvent(db, {
      name: 'ticket:transferred',
      siteId: ctx.siteId,
      at: ctx.now,
      actor: ctx.actor,
      ticketId: ticket.id,
      counterId: counter?.id ?? null,
      serviceId: ticket.serviceId,
      fromStatus: ticket.status,
      toStatus: 'transferred',
      data: { newTicketId: entry.id, toServiceId: serviceId, toCounterId: targetCounterId, note: input.note ?? null },
      payload: {
        from: ticketView(from),
        ticket: ticketView(entry),
        ...(counterAfter ? { counter: counterAfter } : {}),
      },
    })
    return { result: { from: ticketView(from), ticket: ticketView(entry) }, events: [event] }
  })
}

export function cancel(ctx: CommandContext, input: { ticketId: number }): CommandResult<TicketView> {
  return inTransaction(ctx.db, (db) => {
    const ticket = loadTicket(db, ctx, input.ticketId)
    assertStatus(db, ticket, ['waiting'], 'ticket_not_waiting')
    const row = updateTicket(db, ticket.id, { status: 'cancelled', finishedAt: ctx.now })
    return { result: ticketView(row), events: [ticketEvent(db, ctx, 'ticket:cancelled', ticket.status, row, null)] }
  })
}

/** Ticket lookups for the counter console and reprinting; no state change. */
export function findTicket(db: Db, siteId: number, ticketId: number): TicketRow | undefined {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.siteId, siteId)))
    .get()
}

