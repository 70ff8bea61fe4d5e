/**
 * Who is called next at a counter: the one implementation of the rule (README "Who is called next").
 * The server's call-next picks the first of `callOrder`; the counter console lists its waiting
 * tickets in `callOrder`, so the ticket it marks next is the one the call takes.
 *
 *  1. Tickets transferred to this very counter come first, oldest first.
 *  2. Priority: if a priority ticket waits and this counter has called fewer than the site's
 *     `maxPriorityInRow` priority tickets in a row, the next call is a priority ticket; after that
 *     many in a row an ordinary ticket goes first if one waits (anti-starvation). 0 turns priority off.
 *  3. Within the chosen class, by the counter's strategy: `service_order` takes the first service in
 *     the counter's ordered list that has a waiting ticket; `longest_wait` ignores the order.
 *  4. Then arrival: the earliest place in the queue (issue time, or arrival time for transfers).
 *
 * Past the first ticket the order is what successive calls would take if nobody else arrived and no
 * other counter called: each call moves the counter's priority streak on, as the server does.
 */
import type { CallStrategy } from './constants.js'

/** The fields of a waiting ticket the rule looks at (a TicketView or a stored row). */
export interface CallCandidate {
  id: number
  serviceId: number
  priorityGroupId: number | null
  queuedAt: number
  targetCounterId: number | null
}

/** The fields of a counter the rule looks at. */
export interface CallingCounter {
  id: number
  strategy: CallStrategy
  /** In the counter's order. */
  serviceIds: readonly number[]
  /** Priority tickets this counter has called in a row. */
  priorityStreak: number
}

/** The waiting tickets this counter may call, in the order successive calls take them. */
export function callOrder<T extends CallCandidate>(waiting: readonly T[], counter: CallingCounter, maxPriorityInRow: number): T[] {
  const rank = new Map(counter.serviceIds.map((id, i) => [id, i]))
  const byArrival = (a: T, b: T) => a.queuedAt - b.queuedAt || a.id - b.id
  const byStrategy =
    counter.strategy === 'service_order' ? (a: T, b: T) => (rank.get(a.serviceId) ?? 0) - (rank.get(b.serviceId) ?? 0) || byArrival(a, b) : byArrival

  const reserved = waiting.filter((x) => x.targetCounterId === counter.id).sort(byArrival)
  const open = waiting.filter((x) => x.targetCounterId === null && rank.has(x.serviceId))
  if (maxPriorityInRow <= 0) return [...reserved, ...open.sort(byStrategy)]

  const priority = open.filter((x) => x.priorityGroupId !== null).sort(byStrategy)
  const ordinary = open.filter((x) => x.priorityGroupId === null).sort(byStrategy)
  // A call of a reserved ticket starts the streak again, whatever its class.
  let streak = reserved.length > 0 ? 0 : counter.priorityStreak
  const order = [...reserved]
  let p = 0
  let o = 0
  while (p < priority.length || o < ordinary.length) {
    const takePriority = p < priority.length && (streak < maxPriorityInRow || o >= ordinary.length)
    if (takePriority) {
      order.push(priority[p++] as T)
      streak++
    } else {
      order.push(ordinary[o++] as T)
      streak = 0
    }
  }
  return order
}
