/**
 * The parameters of the prepared inserts both databases run on every command: the placeholders of
 * their columns and the values that fill them. Only the SQL around them differs by dialect.
 */
import { sql } from 'drizzle-orm'
import type { NewTicket } from './repositories.js'

const p = (name: string) => sql.placeholder(name)

/** An event's columns but its data (EventRecord's keys). */
export const eventColumns = {
  siteId: p('siteId'),
  seq: p('seq'),
  type: p('type'),
  ticketId: p('ticketId'),
  counterId: p('counterId'),
  serviceId: p('serviceId'),
  fromStatus: p('fromStatus'),
  toStatus: p('toStatus'),
  actorType: p('actorType'),
  actorId: p('actorId'),
  at: p('at'),
}

/** A new ticket's columns (the others take their defaults). */
export const newTicketColumns = {
  siteId: p('siteId'),
  serviceId: p('serviceId'),
  serviceDay: p('serviceDay'),
  number: p('number'),
  seqNo: p('seqNo'),
  priorityGroupId: p('priorityGroupId'),
  status: p('status'),
  issuedAt: p('issuedAt'),
  queuedAt: p('queuedAt'),
  deviceId: p('deviceId'),
  idempotencyKey: p('idempotencyKey'),
  trackingCode: p('trackingCode'),
  transferredFromId: p('transferredFromId'),
  transferNote: p('transferNote'),
  targetCounterId: p('targetCounterId'),
  procedureId: p('procedureId'),
}

/** The values of a new ticket's placeholders: every optional column is given, NULL when absent. */
export function newTicketValues(ticket: NewTicket): Record<keyof typeof newTicketColumns, unknown> {
  return {
    ...ticket,
    priorityGroupId: ticket.priorityGroupId ?? null,
    deviceId: ticket.deviceId ?? null,
    idempotencyKey: ticket.idempotencyKey ?? null,
    transferredFromId: ticket.transferredFromId ?? null,
    transferNote: ticket.transferNote ?? null,
    targetCounterId: ticket.targetCounterId ?? null,
    procedureId: ticket.procedureId ?? null,
  }
}
