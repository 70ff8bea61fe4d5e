/**
 * The ticket lifecycle, once: every status, what it means, every allowed step, the refusal when a
 * step is tried from another status, and the event the step emits. The server's commands, the
 * status lists, the event names, the reports' status encoding and the screens' labels all come
 * from this table; test/domain/lifecycle.test.ts fails when one of them is missing a status or step.
 */
import type { ErrorCode } from './constants.js'

/** What a status means. */
export interface StatusMeaning {
  /** Still in today's queue: closing the day ends it. */
  live: boolean
  /** Occupies a counter (the counter cannot call another ticket). */
  atCounter: boolean
  /** Nothing more will happen to this ticket. */
  final: boolean
}

export const STATUSES = {
  waiting: { live: true, atCounter: false, final: false },
  called: { live: true, atCounter: true, final: false },
  serving: { live: true, atCounter: true, final: false },
  /**
   * Set aside while being served (the citizen stepped out to copy or fetch a paper): still today's,
   * still the counter's (it keeps its counter, number and times), but the counter is free to call
   * others meanwhile. Resumed at the same counter; closing the day ends it like the rest.
   */
  set_aside: { live: true, atCounter: false, final: false },
  done: { live: false, atCounter: false, final: true },
  /** Absent when called; may return to the queue the same day. */
  no_show: { live: false, atCounter: false, final: false },
  /** This entry ended; a new waiting entry with the same number carries the visit on. */
  transferred: { live: false, atCounter: false, final: true },
  cancelled: { live: false, atCounter: false, final: true },
  /** Left live when its service day ended. */
  closed: { live: false, atCounter: false, final: true },
} as const satisfies Record<string, StatusMeaning>

export type TicketStatus = keyof typeof STATUSES

/** Every status, in the order of the table (the reports encode a status by its index here). */
export const TICKET_STATUSES = Object.keys(STATUSES) as TicketStatus[]

function where(test: (m: StatusMeaning) => boolean): readonly TicketStatus[] {
  return TICKET_STATUSES.filter((s) => test(STATUSES[s]))
}

export const LIVE_STATUSES = where((m) => m.live)
export const AT_COUNTER_STATUSES = where((m) => m.atCounter)
export const FINAL_STATUSES = where((m) => m.final)

export interface Step {
  /** The statuses the step may start from (none: the step creates the ticket). */
  from: readonly TicketStatus[]
  to: TicketStatus
  /** The event the step emits (published after commit). */
  event: string
  /** The refusal when the ticket is in another status. */
  refusal: ErrorCode | null
}

export const STEPS = {
  issue: { from: [], to: 'waiting', event: 'ticket:issued', refusal: null },
  call: { from: ['waiting'], to: 'called', event: 'ticket:called', refusal: 'ticket_not_waiting' },
  recall: { from: ['called'], to: 'called', event: 'ticket:recalled', refusal: 'ticket_not_called' },
  start: { from: ['called'], to: 'serving', event: 'ticket:serving', refusal: 'ticket_not_called' },
  finish: { from: ['serving'], to: 'done', event: 'ticket:finished', refusal: 'ticket_not_serving' },
  setAside: { from: ['serving'], to: 'set_aside', event: 'ticket:set_aside', refusal: 'ticket_not_serving' },
  resume: { from: ['set_aside'], to: 'serving', event: 'ticket:resumed', refusal: 'ticket_not_set_aside' },
  /** Absent when called, or set aside and not back (the officer closes it: it may still return to the queue). */
  noShow: { from: ['called', 'set_aside'], to: 'no_show', event: 'ticket:no_show', refusal: 'ticket_not_called' },
  return: { from: ['no_show'], to: 'waiting', event: 'ticket:returned', refusal: 'ticket_not_no_show' },
  transfer: { from: ['waiting', 'called', 'serving'], to: 'transferred', event: 'ticket:transferred', refusal: 'ticket_not_waiting' },
  cancel: { from: ['waiting'], to: 'cancelled', event: 'ticket:cancelled', refusal: 'ticket_not_waiting' },
  closeDay: { from: ['waiting', 'called', 'serving', 'set_aside'], to: 'closed', event: 'day:closed', refusal: null },
} as const satisfies Record<string, Step>

export type StepName = keyof typeof STEPS
export type TicketEventName = (typeof STEPS)[StepName]['event']

/** Events that are not a ticket's step. */
export const OTHER_EVENTS = ['counter:updated', 'site:changed'] as const

/** The name of any event the server publishes on a site's stream. */
export type EventName = TicketEventName | (typeof OTHER_EVENTS)[number]

/** Every event the server publishes on a site's stream, each once. */
export const EVENT_NAMES = [...new Set([...Object.values(STEPS).map((s) => s.event), ...OTHER_EVENTS])] as EventName[]

/** Whether a ticket in this status occupies its counter. */
export function holdsCounter(status: TicketStatus): boolean {
  return STATUSES[status].atCounter
}

export function canTake(step: StepName, status: TicketStatus): boolean {
  return (STEPS[step].from as readonly TicketStatus[]).includes(status)
}
