/** Opening, pausing, resuming and closing counters. */
import { and, eq, ne } from 'drizzle-orm'
import type { QueueEvent } from '../../../shared/contract.js'
import type { CounterView } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { counters } from '../db/schema.js'
import { type CommandContext, type CommandResult, inTransaction } from './context.js'
import { DomainError } from './errors.js'
import { appendEvent } from './event-log.js'
import { counterView } from './views.js'
import { assertAssigned, currentTicket, loadCounter, type CounterRow } from './counter-lookups.js'


function hasCurrentTicket(db: Db, counterId: number): string | null {
  return currentTicket(db, counterId)?.number ?? null
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
      throw new DomainError('counter_taken', `Counter ${counter.number} is already open for another staff member`)
    }
    const events: QueueEvent[] = []
    const elsewhere = db
      .select()
      .from(counters)
      .where(and(eq(counters.staffId, input.staffId), ne(counters.id, counter.id)))
      .all()
    for (const other of elsewhere) {
      const busy = hasCurrentTicket(db, other.id)
      if (busy) throw new DomainError('counter_busy', `Finish ticket ${busy} at counter ${other.number} first`)
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
    if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is closed`)
    if (counter.status === 'paused') throw new DomainError('counter_paused', `Counter ${counter.number} is already paused`)
    const busy = hasCurrentTicket(db, counter.id)
    if (busy) throw new DomainError('counter_busy', `Finish ticket ${busy} before pausing counter ${counter.number}`)
    const event = update(db, ctx, counter.id, { status: 'paused', pauseReason: input.reason }, { reason: input.reason })
    return resultOf(db, ctx, counter.id, [event])
  })
}

export function resumeCounter(ctx: CommandContext, input: { counterId: number }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    assertAssigned(ctx, counter)
    if (counter.status !== 'paused') {
      throw new DomainError(counter.status === 'closed' ? 'counter_closed' : 'conflict', `Counter ${counter.number} is not paused`)
    }
    const event = update(db, ctx, counter.id, { status: 'open', pauseReason: null })
    return resultOf(db, ctx, counter.id, [event])
  })
}

export function closeCounter(ctx: CommandContext, input: { counterId: number }): CommandResult<CounterView> {
  return inTransaction(ctx.db, (db) => {
    const counter = loadCounter(db, ctx, input.counterId)
    assertAssigned(ctx, counter)
    if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is already closed`)
    const busy = hasCurrentTicket(db, counter.id)
    if (busy) throw new DomainError('counter_busy', `Finish ticket ${busy} before closing counter ${counter.number}`)
    const event = update(db, ctx, counter.id, { status: 'closed', staffId: null, pauseReason: null, priorityStreak: 0 })
    return resultOf(db, ctx, counter.id, [event])
  })
}
