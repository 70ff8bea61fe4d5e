/**
 * Turns a refused action into one plain sentence for the staff member, e.g. "Số 1023 đã được quầy 3
 * gọi." The stable error code says what went wrong; the server's message carries the specifics
 * (ticket number, holding counter, status), which are read from it here. What cannot be read falls
 * back to what the console knows, then to the generic text for the code.
 */
import { errorMessage } from '../../../shared/error-messages.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t, type MessageKey } from '../messages.js'

export interface RefusalContext {
  lang: Lang
  /** The ticket the action was about, if any. */
  ticketNumber?: string | null
  /** The counter of this console. */
  counterNumber?: number | null
  /** Who holds a counter, for `counter_taken`. */
  holderName?: string | null
}

interface Details {
  number: string | null
  counter: number | null
  status: string | null
}

/** Reads "Ticket 1023 is called (counter 3), not waiting" and its siblings. */
export function readDetails(message: string): Details {
  const number = /\bticket (\S+?)(?=[\s,()]|$)/i.exec(message)?.[1] ?? null
  const counter = /\bcounter (\d+)/i.exec(message)?.[1]
  const status = /\bis (no show|called|serving|done|transferred|cancelled|closed|waiting)\b/.exec(message)?.[1] ?? null
  return { number, counter: counter ? Number(counter) : null, status }
}

const STATUS_KEYS: Record<string, MessageKey> = {
  called: 'refusedTicketCalled',
  serving: 'refusedTicketServing',
  done: 'refusedTicketDone',
  'no show': 'refusedTicketNoShow',
  transferred: 'refusedTicketTransferred',
  cancelled: 'refusedTicketCancelled',
  closed: 'refusedTicketClosed',
  waiting: 'refusedTicketWaiting',
}

export function refusalText(code: string, serverMessage: string, ctx: RefusalContext): string {
  const d = readDetails(serverMessage)
  const number = d.number ?? ctx.ticketNumber ?? ''
  const counter = d.counter ?? ctx.counterNumber ?? ''
  const say = (key: MessageKey, params: Record<string, string | number> = {}) => t(ctx.lang, key, { number, counter, ...params })

  switch (code) {
    case 'ticket_not_waiting':
    case 'ticket_not_called':
    case 'ticket_not_serving': {
      if (/reserved for another counter/.test(serverMessage)) return say('refusedReserved')
      if (!number) break
      const here = d.counter !== null && d.counter === ctx.counterNumber
      if (d.status === 'called') return say(d.counter === null ? 'refusedTicketCalledNoCounter' : here ? 'refusedNotStarted' : 'refusedTicketCalled')
      if (d.status === 'serving') return say(here ? 'refusedAlreadyServing' : 'refusedTicketServing')
      const key = d.status ? STATUS_KEYS[d.status] : undefined
      if (key) return say(key)
      break
    }
    case 'counter_busy': {
      if (!d.number) break
      // "Finish ticket 1001 at counter 2 first": the staff member's other counter.
      return say(/^Finish ticket \S+ at counter/.test(serverMessage) ? 'refusedBusyOther' : 'refusedBusy')
    }
    case 'queue_empty':
      return say('refusedQueueEmpty')
    case 'counter_taken':
      return ctx.holderName ? say('refusedTakenBy', { name: ctx.holderName }) : say('refusedTaken')
    case 'counter_not_assigned':
      return say('refusedNotAssigned')
    case 'counter_paused':
      return say('refusedPaused')
    case 'counter_closed':
      return say('refusedClosed')
    case 'ticket_not_at_counter':
      if (number) return say('refusedNotAtCounter')
      break
    case 'ticket_not_no_show':
      if (number) return say('refusedNotNoShow')
      break
    case 'transfer_target_invalid':
      if (/already queued for this service/.test(serverMessage)) return say('refusedSameService')
      break
  }
  return errorMessage(code, ctx.lang)
}
