/**
 * Turns a refused action into one plain sentence for the staff member, e.g. "Số 1023 đã được quầy 3
 * gọi." The stable error code says what went wrong; the refusal's `details` carry the specifics
 * (ticket number, its status, the counter holding it, who holds a counter). The server's English
 * message is never read or shown. What the details lack falls back to what the console knows, then
 * to the text for the code (shared/error-messages.ts).
 */
import { errorMessage } from '../../../shared/error-messages.js'
import type { TicketStatus } from '../../../shared/constants.js'
import type { ErrorDetails } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t, type MessageKey } from '../messages.js'

export interface RefusalContext {
  lang: Lang
  /** The ticket the action was about, if any. */
  ticketNumber?: string | null
  /** The counter of this console. */
  counterNumber?: number | null
  /** Who holds a counter, for `counter_taken`, when the refusal does not say. */
  holderName?: string | null
}

/** A ticket in another state than the action needs, by that state: every status has its sentence. */
export const STATUS_KEYS: Record<TicketStatus, MessageKey> = {
  called: 'refusedTicketCalled',
  serving: 'refusedTicketServing',
  set_aside: 'refusedTicketSetAside',
  done: 'refusedTicketDone',
  no_show: 'refusedTicketNoShow',
  transferred: 'refusedTicketTransferred',
  cancelled: 'refusedTicketCancelled',
  closed: 'refusedTicketClosed',
  waiting: 'refusedTicketWaiting',
}

/** Codes whose sentence needs only the ticket number and the counter. */
const SIMPLE_KEYS: Partial<Record<string, MessageKey>> = {
  counter_busy: 'refusedBusy',
  staff_busy_elsewhere: 'refusedBusyOther',
  queue_empty: 'refusedQueueEmpty',
  counter_not_assigned: 'refusedNotAssigned',
  counter_paused: 'refusedPaused',
  counter_closed: 'refusedClosed',
  counter_not_paused: 'refusedNotPaused',
  ticket_reserved_elsewhere: 'refusedReserved',
  ticket_not_at_counter: 'refusedNotAtCounter',
  ticket_not_no_show: 'refusedNotNoShow',
  ticket_day_closed: 'refusedTicketClosed',
  transfer_same_service: 'refusedSameService',
}

/** Sentences that name the ticket: without a number, the code's own text reads better. */
const NEEDS_TICKET = new Set<string>([
  'counter_busy',
  'staff_busy_elsewhere',
  'ticket_reserved_elsewhere',
  'ticket_not_at_counter',
  'ticket_not_no_show',
  'ticket_day_closed',
  'transfer_same_service',
])

export function refusalText(code: string, details: ErrorDetails | undefined, ctx: RefusalContext): string {
  const d = details ?? {}
  const number = d.ticket ?? ctx.ticketNumber ?? ''
  const counter = d.counter ?? ctx.counterNumber ?? ''
  const say = (key: MessageKey, params: Record<string, string | number> = {}) => t(ctx.lang, key, { number, counter, ...params })

  switch (code) {
    case 'ticket_not_waiting':
    case 'ticket_not_called':
    case 'ticket_not_serving': {
      if (!number || !d.status) break
      const here = d.counter !== undefined && d.counter === ctx.counterNumber
      if (d.status === 'called') return say(d.counter === undefined ? 'refusedTicketCalledNoCounter' : here ? 'refusedNotStarted' : 'refusedTicketCalled')
      if (d.status === 'serving') return say(here ? 'refusedAlreadyServing' : 'refusedTicketServing')
      const key = STATUS_KEYS[d.status]
      if (key) return say(key)
      break
    }
    case 'counter_taken': {
      const name = d.holder ?? ctx.holderName
      return name ? say('refusedTakenBy', { name }) : say('refusedTaken')
    }
    default: {
      const key = SIMPLE_KEYS[code]
      if (key && (number || !NEEDS_TICKET.has(code))) return say(key)
    }
  }
  return errorMessage(code, ctx.lang)
}
