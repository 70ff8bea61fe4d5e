/** Opening, pausing, resuming and closing counters. */
import { and, eq, ne } from 'drizzle-orm'
import type { QueueEvent } from '../../../shared/contract.js'
import type { CounterView } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { counters, users } from '../db/schema.js'
import { type CommandContext, type CommandResult, inTransaction } from './context.js'
import { DomainError } from './errors.js'
import { appendEvent } from './event-log.js'
import { counterView } from './views.js'
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
