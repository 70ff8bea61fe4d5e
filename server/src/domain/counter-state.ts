/** Opening, pausing, resuming, closing and releasing counters. */
import { and, eq, ne } from 'drizzle-orm'
import type { QueueEvent } from '../../../shared/contract.js'
import type { CounterView } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { counters, tickets, users } from '../db/schema.js'
import { audit } from '../admin/audit.js'
import { type CommandContext, type CommandResult, inTransaction } from './context.js'
import { DomainError } from './errors.js'
import { appendEvent } from './event-log.js'
import { counterView, ticketView } from './views.js'
import { assertAssigned, currentTicket, loadCounter, type CounterRow } from './counter-lookups.js'


/** Refuses a change to a counter that still has a ticket called or being served. */
function assertFree(db: Db, counter: CounterRow, doing: string): void {
  const busy = currentTicket(db, counter.id)
  if (busy) {
    throw new DomainError('counter_busy', `Finish ticket ${busy.number} before ${doing} counter ${counter.number}`, 409, {
      ticket: busy.number,
      status: busy.status,
      counter: counter.number,
    })
  }
}

function update(db: Db, ctx: CommandContext, counterId: number, changes: Partial<CounterRow>, data?: Record<string, unknown>): QueueEvent {
  db.update(counters)
    .set({ ...changes, updatedAt: ctx.now })
    .where(eq(counters.id, counterId))
    .run()
  const view = counterView(db, ctx.siteId, counterId)
  if (!view) throw new Error(`counter ${counterId} vanished inside its transaction`)
  return appendEvent(db, {
    name: 'counter:updated',
    siteId: ctx.siteId,
    at: ctx.now,
    actor: ctx.actor,
    counterId,
    toStatus: view.status,
    ...(data ? { data } : {}),
    payload: { counter: view },
  })
}

function resultOf(db: Db, ctx: CommandContext, counterId: number, events: QueueEvent[]): CommandResult<CounterView> {
  const view = counterView(db, ctx.siteId, counterId)
  if (!view) throw new Error(`counter ${counterId} vanished inside its transaction`)
  return { result: view, events }
}

/**
 * A staff member takes a counter. A counter held by someone else is refused; the staff member's
 * previous counter, if any, is closed (refused if it still has a ticket).
 */
export function openCounter(ctx: CommandContext, input: { counterId: number; staffId: number }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    if (counter.staffId !== null && counter.staffId !== input.staffId && counter.status !== 'closed') {
      const holder = db.select({ name: users.displayName }).from(users).where(eq(users.id, counter.staffId)).get()
      throw new DomainError('counter_taken', `Counter ${counter.number} is already open for another staff member`, 409, {
        counter: counter.number,
        ...(holder ? { holder: holder.name } : {}),
      })
    }
    const events: QueueEvent[] = []
    const elsewhere = db
      .select()
      .from(counters)
      .where(and(eq(counters.staffId, input.staffId), ne(counters.id, counter.id)))
      .all()
    for (const other of elsewhere) {
      const busy = currentTicket(db, other.id)
      if (busy) {
        throw new DomainError('staff_busy_elsewhere', `Finish ticket ${busy.number} at counter ${other.number} first`, 409, {
          ticket: busy.number,
          status: busy.status,
          counter: other.number,
        })
      }
      events.push(update(db, ctx, other.id, { status: 'closed', staffId: null, pauseReason: null }))
    }
    if (counter.staffId !== input.staffId || counter.status === 'closed') {
      events.push(update(db, ctx, counter.id, { status: 'open', staffId: input.staffId, pauseReason: null, priorityStreak: 0 }))
    }
    return resultOf(db, ctx, counter.id, events)
  })
}

export function pauseCounter(ctx: CommandContext, input: { counterId: number; reason: string }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    assertAssigned(ctx, counter)
    if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is closed`, 409, { counter: counter.number })
    if (counter.status === 'paused') throw new DomainError('counter_paused', `Counter ${counter.number} is already paused`, 409, { counter: counter.number })
    assertFree(db, counter, 'pausing')
    const event = update(db, ctx, counter.id, { status: 'paused', pauseReason: input.reason }, { reason: input.reason })
    return resultOf(db, ctx, counter.id, [event])
  })
}

export function resumeCounter(ctx: CommandContext, input: { counterId: number }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    assertAssigned(ctx, counter)
    if (counter.status !== 'paused') {
      throw new DomainError(counter.status === 'closed' ? 'counter_closed' : 'counter_not_paused', `Counter ${counter.number} is not paused`, 409, {
        counter: counter.number,
      })
    }
    const event = update(db, ctx, counter.id, { status: 'open', pauseReason: null })
    return resultOf(db, ctx, counter.id, [event])
  })
}

export function closeCounter(ctx: CommandContext, input: { counterId: number }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    assertAssigned(ctx, counter)
    if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is already closed`, 409, { counter: counter.number })
    assertFree(db, counter, 'closing')
    const event = update(db, ctx, counter.id, { status: 'closed', staffId: null, pauseReason: null, priorityStreak: 0 })
    return resultOf(db, ctx, counter.id, [event])
  })
}

/**
 * A manager or administrator frees a counter that another staff member still holds (the PC crashed,
 * someone went home). The counter is closed and free to take; the reason goes to the audit log and
 * the event log. A ticket at the counter is settled so that no citizen is lost:
 *  - called (the citizen may be on the way, or never came): back to waiting in its original place,
 *    so the next call at any counter for its service reaches it soon;
 *  - being served (the work was under way): finished as served at that moment, by the staff member
 *    who was serving it, so the reports count the visit where it happened.
 */
export function releaseCounter(ctx: CommandContext, input: { counterId: number; reason: string }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    if (counter.staffId === null || counter.status === 'closed') {
      throw new DomainError('counter_not_held', `Counter ${counter.number} is not held by anyone`, 409, { counter: counter.number })
    }
    const events: QueueEvent[] = []
    const current = currentTicket(db, counter.id)
    const closing = update(db, ctx, counter.id, { status: 'closed', staffId: null, pauseReason: null, priorityStreak: 0 }, {
      reason: input.reason,
      releasedStaffId: counter.staffId,
      ...(current ? { ticketId: current.id, ticketStatus: current.status } : {}),
    })
    if (current) {
      const changes =
        current.status === 'called'
          ? { status: 'waiting' as const, counterId: null, staffId: null, calledAt: null }
          : { status: 'done' as const, finishedAt: ctx.now }
      const row = db.update(tickets).set(changes).where(eq(tickets.id, current.id)).returning().get()
      if (!row) throw new Error(`ticket ${current.id} vanished inside its transaction`)
      const view = counterView(db, ctx.siteId, counter.id)
      events.push(
        appendEvent(db, {
          name: current.status === 'called' ? 'ticket:returned' : 'ticket:finished',
          siteId: ctx.siteId,
          at: ctx.now,
          actor: ctx.actor,
          ticketId: row.id,
          counterId: counter.id,
          serviceId: row.serviceId,
          fromStatus: current.status,
          toStatus: row.status,
          data: { releasedCounter: true, reason: input.reason },
          payload: view ? { ticket: ticketView(row), counter: view } : { ticket: ticketView(row) },
        }),
      )
    }
    audit(db, {
      siteId: ctx.siteId,
      userId: ctx.actor.type === 'staff' ? ctx.actor.id : null,
      action: 'counter.release',
      targetType: 'counter',
      targetId: counter.id,
      detail: {
        number: counter.number,
        reason: input.reason,
        staffId: counter.staffId,
        ...(current ? { ticket: current.number, ticketStatus: current.status } : {}),
      },
      at: ctx.now,
    })
    return resultOf(db, ctx, counter.id, [closing, ...events])
  })
}
