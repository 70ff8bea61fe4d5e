/** Opening, pausing, resuming, closing and releasing counters. */
import type { CounterView } from '../../../shared/types.js'
import { STEPS } from '../../../shared/lifecycle.js'
import { DomainError } from './errors.js'
import type { Command, CommandContext, EventDraft } from './runner.js'
import { counterView, ticketView } from './views.js'
import { assertAssigned, loadCounter, type CounterRow } from './counter-lookups.js'

/** Refuses a change to a counter that still has a ticket called or being served. */
async function assertFree(ctx: CommandContext, counter: CounterRow, doing: string): Promise<void> {
  const busy = await ctx.tx.tickets.atCounter(counter.id)
  if (busy) {
    throw new DomainError('counter_busy', `Finish ticket ${busy.number} before ${doing} counter ${counter.number}`, 409, {
      ticket: busy.number,
      status: busy.status,
      counter: counter.number,
    })
  }
}

async function viewOf(ctx: CommandContext, counterId: number): Promise<CounterView> {
  const view = await counterView(ctx.tx, ctx.siteId, counterId)
  if (!view) throw new Error(`counter ${counterId} vanished inside its transaction`)
  return view
}

async function update(ctx: CommandContext, counterId: number, changes: Partial<CounterRow>, data?: Record<string, unknown>): Promise<EventDraft> {
  await ctx.tx.counters.update(counterId, ctx.now, changes)
  const view = await viewOf(ctx, counterId)
  return {
    name: 'counter:updated',
    counterId,
    toStatus: view.status,
    ...(data ? { data } : {}),
    payload: { counter: view },
  }
}

/**
 * A staff member takes a counter. A counter held by someone else is refused; the staff member's
 * previous counter, if any, is closed (refused if it still has a ticket).
 */
export const openCounter: Command<{ counterId: number; staffId: number }, CounterView> = async (ctx, input) => {
  const counter = await loadCounter(ctx, input.counterId)
  if (counter.staffId !== null && counter.staffId !== input.staffId && counter.status !== 'closed') {
    const holder = (await ctx.tx.counters.withStaff(ctx.siteId, counter.id))?.staffName
    throw new DomainError('counter_taken', `Counter ${counter.number} is already open for another staff member`, 409, {
      counter: counter.number,
      ...(holder ? { holder } : {}),
    })
  }
  const events: EventDraft[] = []
  const elsewhere = (await ctx.tx.counters.heldBy(input.staffId)).filter((c) => c.id !== counter.id)
  for (const other of elsewhere) {
    const busy = await ctx.tx.tickets.atCounter(other.id)
    if (busy) {
      throw new DomainError('staff_busy_elsewhere', `Finish ticket ${busy.number} at counter ${other.number} first`, 409, {
        ticket: busy.number,
        status: busy.status,
        counter: other.number,
      })
    }
    events.push(await update(ctx, other.id, { status: 'closed', staffId: null, pauseReason: null }))
  }
  if (counter.staffId !== input.staffId || counter.status === 'closed') {
    events.push(await update(ctx, counter.id, { status: 'open', staffId: input.staffId, pauseReason: null, priorityStreak: 0 }))
  }
  return { result: await viewOf(ctx, counter.id), events }
}

export const pauseCounter: Command<{ counterId: number; reason: string }, CounterView> = async (ctx, input) => {
  const counter = await loadCounter(ctx, input.counterId)
  assertAssigned(ctx, counter)
  if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is closed`, 409, { counter: counter.number })
  if (counter.status === 'paused') throw new DomainError('counter_paused', `Counter ${counter.number} is already paused`, 409, { counter: counter.number })
  await assertFree(ctx, counter, 'pausing')
  const event = await update(ctx, counter.id, { status: 'paused', pauseReason: input.reason }, { reason: input.reason })
  return { result: await viewOf(ctx, counter.id), events: [event] }
}

export const resumeCounter: Command<{ counterId: number }, CounterView> = async (ctx, input) => {
  const counter = await loadCounter(ctx, input.counterId)
  assertAssigned(ctx, counter)
  if (counter.status !== 'paused') {
    throw new DomainError(counter.status === 'closed' ? 'counter_closed' : 'counter_not_paused', `Counter ${counter.number} is not paused`, 409, {
      counter: counter.number,
    })
  }
  const event = await update(ctx, counter.id, { status: 'open', pauseReason: null })
  return { result: await viewOf(ctx, counter.id), events: [event] }
}

export const closeCounter: Command<{ counterId: number }, CounterView> = async (ctx, input) => {
  const counter = await loadCounter(ctx, input.counterId)
  assertAssigned(ctx, counter)
  if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is already closed`, 409, { counter: counter.number })
  await assertFree(ctx, counter, 'closing')
  const event = await update(ctx, counter.id, { status: 'closed', staffId: null, pauseReason: null, priorityStreak: 0 })
  return { result: await viewOf(ctx, counter.id), events: [event] }
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
export const releaseCounter: Command<{ counterId: number; reason: string }, CounterView> = async (ctx, input) => {
  const counter = await loadCounter(ctx, input.counterId)
  if (counter.staffId === null || counter.status === 'closed') {
    throw new DomainError('counter_not_held', `Counter ${counter.number} is not held by anyone`, 409, { counter: counter.number })
  }
  const events: EventDraft[] = []
  const current = await ctx.tx.tickets.atCounter(counter.id)
  const closing = await update(
    ctx,
    counter.id,
    { status: 'closed', staffId: null, pauseReason: null, priorityStreak: 0 },
    {
      reason: input.reason,
      releasedStaffId: counter.staffId,
      ...(current ? { ticketId: current.id, ticketStatus: current.status } : {}),
    },
  )
  if (current) {
    const called = current.status === STEPS.call.to
    const row = await ctx.tx.tickets.update(
      current.id,
      called ? { status: STEPS.return.to, counterId: null, staffId: null, calledAt: null } : { status: STEPS.finish.to, finishedAt: ctx.now },
    )
    const view = await counterView(ctx.tx, ctx.siteId, counter.id)
    events.push({
      name: called ? STEPS.return.event : STEPS.finish.event,
      ticketId: row.id,
      counterId: counter.id,
      serviceId: row.serviceId,
      fromStatus: current.status,
      toStatus: row.status,
      data: { releasedCounter: true, reason: input.reason },
      payload: view ? { ticket: ticketView(row), counter: view } : { ticket: ticketView(row) },
    })
  }
  return {
    result: await viewOf(ctx, counter.id),
    events: [closing, ...events],
    audit: {
      action: 'counter.release',
      targetType: 'counter',
      targetId: counter.id,
      detail: {
        number: counter.number,
        reason: input.reason,
        staffId: counter.staffId,
        ...(current ? { ticket: current.number, ticketStatus: current.status } : {}),
      },
    },
  }
}
