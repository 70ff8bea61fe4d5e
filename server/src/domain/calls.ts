/**
 * What happens at a counter: calling, recalling, serving, finishing, no-shows, returns,
 * transfers and cancels. Every command checks the ticket's state and the counter's, and
 * refuses an illegal transition with a stable code (the steps and their refusals are the
 * lifecycle table in shared/lifecycle.ts).
 *
 * Who is called next is decided by the rule in shared/call-order.ts (documented in the README).
 */
import type { TicketView } from '../../../shared/types.js'
import { callOrder } from '../../../shared/call-order.js'
import { AT_COUNTER_STATUSES, canTake, STEPS, type StepName } from '../../../shared/lifecycle.js'
import { DomainError } from './errors.js'
import type { Command, CommandContext, EventDraft } from './runner.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { counterView, ticketView, toCounterView } from './views.js'
import { assertAssigned, loadCounter, loadCounterWithStaff, loadSite, loadTicket, type CounterRow, type TicketRow } from './counter-lookups.js'
import type { CounterWithStaff, NewOutcome } from '../db/repositories.js'
import { CASE_CODE_PATTERN, OUTCOMES_WITH_CASE_CODE, type OutcomeKind } from '../../../shared/constants.js'

function assertOpen(counter: CounterRow): void {
  if (counter.status === 'closed') throw new DomainError('counter_closed', `Counter ${counter.number} is closed`, 409, { counter: counter.number })
  if (counter.status === 'paused') {
    throw new DomainError('counter_paused', `Counter ${counter.number} is paused`, 409, { counter: counter.number })
  }
}

/** Refuses the step unless the ticket is in one of the statuses it starts from (naming the counter that has it). */
async function assertCanTake(ctx: CommandContext, ticket: TicketRow, step: StepName): Promise<void> {
  if (canTake(step, ticket.status)) return
  const { from, refusal } = STEPS[step]
  const counter = ticket.counterId === null ? null : ((await ctx.tx.counters.get(ctx.siteId, ticket.counterId))?.number ?? null)
  throw new DomainError(
    refusal ?? 'ticket_not_waiting',
    `Ticket ${ticket.number} is ${ticket.status.replace('_', ' ')}${counter === null ? '' : ` (counter ${counter})`}, not ${from.join(' or ')}`,
    409,
    { ticket: ticket.number, status: ticket.status, ...(counter === null ? {} : { counter }) },
  )
}

function assertAtCounter(ticket: TicketRow, counter: CounterRow): void {
  if (ticket.counterId !== counter.id) {
    throw new DomainError('ticket_not_at_counter', `Ticket ${ticket.number} is not at counter ${counter.number}`, 409, {
      ticket: ticket.number,
      counter: counter.number,
    })
  }
}

type TicketStepEvent = Exclude<EventDraft['name'], 'ticket:transferred' | 'counter:updated' | 'day:closed' | 'site:changed' | 'ticket:issued'>

/**
 * The counter a step happened at, as the command knows it: the row it loaded, what the step
 * changed on it, its services if already read, and whether the ticket is still at it afterwards.
 * Every round trip saved here is one the site's lock is not held for (PostgreSQL).
 */
interface AtCounterAfter {
  loaded: CounterWithStaff
  changed?: Partial<CounterRow>
  serviceIds?: number[]
  holdsTicket: boolean
}

/** The event of a step a ticket took, with the counter as it stands after it (when there is one). */
async function ticketEvent(
  ctx: CommandContext,
  name: TicketStepEvent,
  before: TicketRow['status'],
  row: TicketRow,
  at: AtCounterAfter | null,
  data?: Record<string, unknown>,
): Promise<EventDraft> {
  const counter =
    at &&
    toCounterView(
      { counter: { ...at.loaded.counter, ...at.changed }, staffName: at.loaded.staffName },
      at.serviceIds ?? (await ctx.tx.counters.serviceIds(at.loaded.counter.id)),
      at.holdsTicket ? row : undefined,
    )
  return {
    name,
    ticketId: row.id,
    counterId: at?.loaded.counter.id ?? null,
    serviceId: row.serviceId,
    fromStatus: before,
    toStatus: row.status,
    ...(data ? { data } : {}),
    payload: counter ? { ticket: ticketView(row), counter } : { ticket: ticketView(row) },
  }
}

/**
 * Picks the next ticket for a counter by the rule in shared/call-order.ts, or undefined if none
 * waits. The repository only finds each class's first ticket (reserved here, priority, ordinary), in
 * the order the rule keeps within a class; the rule itself chooses among them, so the console's list,
 * which runs the same rule on everything waiting, always marks the ticket this call takes.
 */
export async function pickNext(
  ctx: Pick<CommandContext, 'tx'>,
  counter: CounterRow,
  serviceIds: number[],
  serviceDay: string,
  maxPriorityInRow: number,
): Promise<TicketRow | undefined> {
  const candidates = await ctx.tx.tickets.queueHeads(counter, serviceIds, serviceDay)
  return callOrder(candidates, { ...counter, serviceIds }, maxPriorityInRow)[0]
}

async function callTicket(ctx: CommandContext, loaded: CounterWithStaff, ticket: TicketRow, serviceIds?: number[]) {
  const { counter } = loaded
  const called = await ctx.tx.tickets.update(ticket.id, {
    status: STEPS.call.to,
    calledAt: ctx.now,
    counterId: counter.id,
    staffId: ctx.actor.type === 'staff' ? ctx.actor.id : counter.staffId,
  })
  // Calling a reserved ticket starts the priority streak again.
  const streak = ticket.priorityGroupId !== null && ticket.targetCounterId === null ? counter.priorityStreak + 1 : 0
  await ctx.tx.counters.update(counter.id, ctx.now, { priorityStreak: streak })
  const at = { loaded, changed: { priorityStreak: streak, updatedAt: ctx.now }, ...(serviceIds ? { serviceIds } : {}), holdsTicket: true }
  return { result: ticketView(called), events: [await ticketEvent(ctx, STEPS.call.event, ticket.status, called, at)] }
}

async function prepareCall(ctx: CommandContext, counterId: number): Promise<CounterWithStaff> {
  const loaded = await loadCounterWithStaff(ctx, counterId)
  const counter = loaded.counter
  assertAssigned(ctx, counter)
  assertOpen(counter)
  const current = await ctx.tx.tickets.atCounter(counter.id)
  if (current) {
    throw new DomainError('counter_busy', `Counter ${counter.number} still has ticket ${current.number} (${current.status})`, 409, {
      ticket: current.number,
      status: current.status,
      counter: counter.number,
    })
  }
  return loaded
}

export const callNext: Command<{ counterId: number }, TicketView> = async (ctx, input) => {
  const site = await loadSite(ctx)
  const loaded = await prepareCall(ctx, input.counterId)
  const counter = loaded.counter
  const serviceIds = await ctx.tx.counters.serviceIds(counter.id)
  const next = await pickNext(ctx, counter, serviceIds, serviceDayOf(ctx.now, site.timeZone), site.maxPriorityInRow)
  if (!next) throw new DomainError('queue_empty', `No ticket is waiting for counter ${counter.number}`, 409, { counter: counter.number })
  return callTicket(ctx, loaded, next, serviceIds)
}

export const callSpecific: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const loaded = await prepareCall(ctx, input.counterId)
  const ticket = await loadTicket(ctx, input.ticketId)
  await assertCanTake(ctx, ticket, 'call')
  if (ticket.targetCounterId !== null && ticket.targetCounterId !== loaded.counter.id) {
    throw new DomainError('ticket_reserved_elsewhere', `Ticket ${ticket.number} is reserved for another counter`, 409, { ticket: ticket.number })
  }
  return callTicket(ctx, loaded, ticket)
}

/** Loads the counter (checking who acts) and the ticket it holds, in a status the step starts from. */
async function atCounter(ctx: CommandContext, input: { counterId: number; ticketId: number }, step: StepName) {
  const loaded = await loadCounterWithStaff(ctx, input.counterId)
  const counter = loaded.counter
  assertAssigned(ctx, counter)
  const ticket = await loadTicket(ctx, input.ticketId)
  await assertCanTake(ctx, ticket, step)
  assertAtCounter(ticket, counter)
  return { loaded, counter, ticket }
}

export const recall: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const { loaded, ticket } = await atCounter(ctx, input, 'recall')
  const row = await ctx.tx.tickets.update(ticket.id, { recallCount: ticket.recallCount + 1 })
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.recall.event, ticket.status, row, { loaded, holdsTicket: true })] }
}

export const startServing: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const { loaded, ticket } = await atCounter(ctx, input, 'start')
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.start.to, servingAt: ctx.now })
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.start.event, ticket.status, row, { loaded, holdsTicket: true })] }
}

export interface OutcomeInput {
  procedureId?: number | null
  outcome: OutcomeKind
  caseCode?: string | null
  reason?: string | null
}

const CASE_CODE = new RegExp(CASE_CODE_PATTERN)

/**
 * Checks what the counter recorded for a visit and turns it into rows: each procedure must be one the
 * ticket's service or the counter's services have, a refusal needs its reason, a received or returned
 * dossier its case code (the one-stop system's, typed or scanned).
 */
async function outcomeRows(ctx: CommandContext, counter: CounterRow, ticket: TicketRow, outcomes: OutcomeInput[]): Promise<NewOutcome[]> {
  if (outcomes.length === 0) {
    if (ctx.site.outcomeRequired)
      throw new DomainError('outcome_required', `Record what was done for ticket ${ticket.number} before finishing`, 422, { ticket: ticket.number })
    return []
  }
  const serviceIds = new Set([ticket.serviceId, ...(await ctx.tx.counters.serviceIds(counter.id))])
  const seen = new Set<number | null>()
  const rows: NewOutcome[] = []
  for (const o of outcomes) {
    const procedureId = o.procedureId ?? null
    let serviceId = ticket.serviceId
    if (procedureId !== null) {
      const procedure = await ctx.tx.procedures.get(ctx.siteId, procedureId)
      if (!procedure) throw new DomainError('procedure_not_found', `Procedure ${procedureId} does not exist`, 404)
      if (!serviceIds.has(procedure.serviceId)) {
        throw new DomainError('procedure_wrong_service', `Procedure ${procedure.code} is not served at counter ${counter.number}`, 422, {
          counter: counter.number,
        })
      }
      serviceId = procedure.serviceId
    }
    if (seen.has(procedureId)) throw new DomainError('bad_request', 'Each procedure is recorded once per visit', 400)
    seen.add(procedureId)
    const reason = o.reason?.trim() || null
    if (o.outcome === 'refused' && !reason) throw new DomainError('outcome_reason_required', 'A refusal needs its reason', 422)
    let caseCode: string | null = null
    if (OUTCOMES_WITH_CASE_CODE.includes(o.outcome)) {
      caseCode = o.caseCode?.trim() || null
      if (!caseCode) throw new DomainError('case_code_required', 'A received or returned dossier needs its case code', 422)
      if (!CASE_CODE.test(caseCode)) throw new DomainError('case_code_invalid', 'The case code is 4 to 40 letters, digits, dots, dashes or slashes', 422)
    }
    rows.push({
      siteId: ctx.siteId,
      ticketId: ticket.id,
      serviceId,
      procedureId,
      outcome: o.outcome,
      caseCode,
      reason: o.outcome === 'refused' || o.outcome === 'supplement' ? reason : null,
      staffId: ctx.actor.type === 'staff' ? ctx.actor.id : null,
      counterId: counter.id,
      at: ctx.now,
    })
  }
  return rows
}

export const finish: Command<{ counterId: number; ticketId: number; outcomes?: OutcomeInput[] }, TicketView> = async (ctx, input) => {
  const { loaded, counter, ticket } = await atCounter(ctx, input, 'finish')
  const outcomes = await outcomeRows(ctx, counter, ticket, input.outcomes ?? [])
  await ctx.tx.outcomes.insert(outcomes)
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.finish.to, finishedAt: ctx.now })
  await ctx.tx.counters.update(counter.id, ctx.now)
  const at = { loaded, changed: { updatedAt: ctx.now }, holdsTicket: false }
  const data = outcomes.length > 0 ? { outcomes: outcomes.map((o) => ({ procedureId: o.procedureId, outcome: o.outcome })) } : undefined
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.finish.event, ticket.status, row, at, data)] }
}

/**
 * The citizen steps out (to copy or fetch a paper) while being served: the ticket is set aside, keeping
 * its counter, number and times, and the counter is free to call others. The time aside is kept apart
 * (`asideAt`, then added to `asideMs` on resume) so that service time leaves it out.
 */
export const setAside: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const { loaded, counter, ticket } = await atCounter(ctx, input, 'setAside')
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.setAside.to, asideAt: ctx.now })
  await ctx.tx.counters.update(counter.id, ctx.now)
  const at = { loaded, changed: { updatedAt: ctx.now }, holdsTicket: false }
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.setAside.event, ticket.status, row, at)] }
}

/**
 * The citizen is back: the ticket is served again at the counter that set it aside, with its number and
 * times. Refused with `counter_busy` while that counter holds another ticket (the officer finishes or
 * sets that one aside first: two citizens are never at one counter), and, like a call, while the counter
 * is paused or closed.
 */
export const resume: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const { loaded, counter, ticket } = await atCounter(ctx, input, 'resume')
  assertOpen(counter)
  const current = await ctx.tx.tickets.atCounter(counter.id)
  if (current) {
    throw new DomainError('counter_busy', `Counter ${counter.number} still has ticket ${current.number} (${current.status})`, 409, {
      ticket: current.number,
      status: current.status,
      counter: counter.number,
    })
  }
  const asideMs = ticket.asideMs + Math.max(0, ctx.now - (ticket.asideAt ?? ctx.now))
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.resume.to, asideAt: null, asideMs })
  await ctx.tx.counters.update(counter.id, ctx.now)
  const at = { loaded, changed: { updatedAt: ctx.now }, holdsTicket: true }
  return {
    result: ticketView(row),
    events: [await ticketEvent(ctx, STEPS.resume.event, ticket.status, row, at, { asideMs: asideMs - ticket.asideMs })],
  }
}

export const markNoShow: Command<{ counterId: number; ticketId: number }, TicketView> = async (ctx, input) => {
  const { loaded, counter, ticket } = await atCounter(ctx, input, 'noShow')
  if (ticket.status === STEPS.setAside.to) {
    // Set aside and not back: the ticket ends with its time aside counted; the counter, free or
    // serving someone else by now, is left as it is.
    const asideMs = ticket.asideMs + Math.max(0, ctx.now - (ticket.asideAt ?? ctx.now))
    const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.noShow.to, finishedAt: ctx.now, asideAt: null, asideMs })
    return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.noShow.event, ticket.status, row, null, { asideMs: asideMs - ticket.asideMs })] }
  }
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.noShow.to, finishedAt: ctx.now })
  await ctx.tx.counters.update(counter.id, ctx.now)
  const at = { loaded, changed: { updatedAt: ctx.now }, holdsTicket: false }
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.noShow.event, ticket.status, row, at)] }
}

/**
 * A citizen marked absent turns up: the ticket waits again in its original place, so the
 * next call at a counter for its service reaches it soon. Only on its own day.
 */
export const returnToQueue: Command<{ ticketId: number }, TicketView> = async (ctx, input) => {
  const site = await loadSite(ctx)
  const ticket = await loadTicket(ctx, input.ticketId)
  if (!canTake('return', ticket.status)) {
    throw new DomainError(STEPS.return.refusal, `Ticket ${ticket.number} is ${ticket.status.replace('_', ' ')}, not absent`, 409, {
      ticket: ticket.number,
      status: ticket.status,
    })
  }
  if (ticket.serviceDay !== serviceDayOf(ctx.now, site.timeZone)) {
    throw new DomainError('ticket_day_closed', `Ticket ${ticket.number} belongs to ${ticket.serviceDay}, a closed day`, 409, { ticket: ticket.number })
  }
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.return.to, counterId: null, staffId: null, calledAt: null, finishedAt: null })
  return {
    result: ticketView(row),
    events: [await ticketEvent(ctx, STEPS.return.event, ticket.status, row, null, { previousCounterId: ticket.counterId })],
  }
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
export const transfer: Command<TransferInput, { from: TicketView; ticket: TicketView }> = async (ctx, input) => {
  const ticket = await loadTicket(ctx, input.ticketId)
  await assertCanTake(ctx, ticket, 'transfer')
  let counter: CounterRow | undefined
  if (AT_COUNTER_STATUSES.includes(ticket.status)) {
    counter = await loadCounter(ctx, input.counterId ?? ticket.counterId ?? -1)
    assertAssigned(ctx, counter)
    assertAtCounter(ticket, counter)
  }
  if (input.toServiceId == null && input.toCounterId == null) {
    throw new DomainError('transfer_target_missing', 'Choose a service or a counter to transfer to', 400)
  }
  let serviceId = ticket.serviceId
  if (input.toServiceId != null) {
    const target = await ctx.tx.services.get(ctx.siteId, input.toServiceId)
    if (!target) throw new DomainError('transfer_target_invalid', `Service ${input.toServiceId} does not exist`, 404)
    serviceId = target.id
  }
  let targetCounterId: number | null = null
  if (input.toCounterId != null) {
    const target = await loadCounter(ctx, input.toCounterId)
    if (counter && target.id === counter.id) {
      throw new DomainError('transfer_same_counter', 'A ticket cannot be transferred to the counter it is at', 400, {
        ticket: ticket.number,
        counter: counter.number,
      })
    }
    targetCounterId = target.id
  }
  if (targetCounterId === null && serviceId === ticket.serviceId) {
    throw new DomainError('transfer_same_service', `Ticket ${ticket.number} is already queued for this service`, 400, { ticket: ticket.number })
  }
  const from = await ctx.tx.tickets.update(ticket.id, { status: STEPS.transfer.to, finishedAt: ctx.now })
  const entry = await ctx.tx.tickets.insert({
    siteId: ctx.siteId,
    serviceId,
    serviceDay: ticket.serviceDay,
    number: ticket.number,
    seqNo: ticket.seqNo,
    priorityGroupId: ticket.priorityGroupId,
    // The procedure goes with the ticket within its field; another field has procedures of its own.
    procedureId: serviceId === ticket.serviceId ? ticket.procedureId : null,
    status: STEPS.issue.to,
    issuedAt: ticket.issuedAt,
    queuedAt: ctx.now,
    transferredFromId: ticket.id,
    transferNote: input.note ?? null,
    targetCounterId,
    trackingCode: ticket.trackingCode,
  })
  if (counter) await ctx.tx.counters.update(counter.id, ctx.now)
  const counterAfter = counter ? await counterView(ctx.tx, ctx.siteId, counter.id) : undefined
  return {
    result: { from: ticketView(from), ticket: ticketView(entry) },
    events: [
      {
        name: STEPS.transfer.event,
        ticketId: ticket.id,
        counterId: counter?.id ?? null,
        serviceId: ticket.serviceId,
        fromStatus: ticket.status,
        toStatus: from.status,
        data: { newTicketId: entry.id, toServiceId: serviceId, toCounterId: targetCounterId, note: input.note ?? null },
        payload: {
          from: ticketView(from),
          ticket: ticketView(entry),
          ...(counterAfter ? { counter: counterAfter } : {}),
        },
      },
    ],
  }
}

export const cancel: Command<{ ticketId: number }, TicketView> = async (ctx, input) => {
  const ticket = await loadTicket(ctx, input.ticketId)
  await assertCanTake(ctx, ticket, 'cancel')
  const row = await ctx.tx.tickets.update(ticket.id, { status: STEPS.cancel.to, finishedAt: ctx.now })
  return { result: ticketView(row), events: [await ticketEvent(ctx, STEPS.cancel.event, ticket.status, row, null)] }
}
