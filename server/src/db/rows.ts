/**
 * Rows as the repositories hand them out, shaped the same from either database's query results
 * (sqlite/ and pg/ build the queries; these only reshape what they return).
 */
import type { AuditEntryView } from '../../../shared/admin.js'
import { STEPS } from '../../../shared/lifecycle.js'
import type { CounterRow, CounterWithStaff, RecentCall } from './repositories.js'
import type { auditLog } from './schema.js'

/** An audit entry joined with its user's names (null when the user is gone). */
export function auditEntryView(row: { entry: typeof auditLog.$inferSelect; username: string | null; displayName: string | null }): AuditEntryView {
  const { entry, username, displayName } = row
  return {
    id: entry.id,
    at: entry.at,
    userId: entry.userId,
    username: username ?? null,
    displayName: displayName ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: entry.detail ?? null,
  }
}

/** A call event joined with its ticket. */
export function recentCall(row: {
  ticketId: number | null
  counterId: number | null
  type: string
  at: number
  number: string
  serviceId: number
}): RecentCall {
  return {
    ticketId: row.ticketId ?? 0,
    number: row.number,
    counterId: row.counterId ?? 0,
    serviceId: row.serviceId,
    at: row.at,
    recall: row.type === STEPS.recall.event,
  }
}

/** Counter–service links, in order, as each counter's list of services. */
export function servicesByCounter(links: { counterId: number; serviceId: number }[]): Map<number, number[]> {
  const byCounter = new Map<number, number[]>()
  for (const link of links) {
    const list = byCounter.get(link.counterId)
    if (list) list.push(link.serviceId)
    else byCounter.set(link.counterId, [link.serviceId])
  }
  return byCounter
}

/** A counter joined with its staff member (no name when nobody holds it). */
export function counterWithStaff(row: { counter: CounterRow; staffName: string | null }): CounterWithStaff {
  return { counter: row.counter, staffName: row.staffName ?? null }
}
