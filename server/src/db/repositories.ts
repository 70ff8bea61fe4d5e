/**
 * What each aggregate's repository can do, independent of the database. Rows are the shapes in
 * schema.ts (the same columns on every database).
 */
import type { QueueEventName } from '../../../shared/contract.js'
import type { auditLog, sites } from './schema.js'

export type SiteRow = typeof sites.$inferSelect

export interface SiteRepository {
  get(siteId: number): Promise<SiteRow | undefined>
  all(): Promise<SiteRow[]>
  /**
   * Takes the site's write lock for the rest of the transaction (PostgreSQL: `SELECT … FOR UPDATE`
   * on its row; SQLite: the transaction is already `BEGIN IMMEDIATE`, one writer). Every command
   * calls this first, through the runner.
   */
  lock(siteId: number): Promise<SiteRow | undefined>
  /** Hands out the site's next event sequence number (the caller holds the site's lock). */
  nextEventSeq(siteId: number): Promise<number>
}

/** One row of the event log, as a command describes it; the runner adds site, sequence, instant and actor. */
export type EventRecord = {
  siteId: number
  seq: number
  type: QueueEventName
  ticketId: number | null
  counterId: number | null
  serviceId: number | null
  fromStatus: string | null
  toStatus: string | null
  actorType: 'staff' | 'device' | 'system'
  actorId: number | null
  at: number
  data: Record<string, unknown> | null
}

export interface EventRepository {
  append(record: EventRecord): Promise<void>
}

export type AuditRow = typeof auditLog.$inferInsert

export interface AuditRepository {
  append(entry: AuditRow): Promise<void>
}

// ─── The queue: tickets, counters, and the services and priority groups they read ───────────────

import type { counters, priorityGroups, services, tickets } from './schema.js'

export type TicketRow = typeof tickets.$inferSelect
export type NewTicket = typeof tickets.$inferInsert
export type CounterRow = typeof counters.$inferSelect
export type ServiceRow = typeof services.$inferSelect
export type PriorityGroupRow = typeof priorityGroups.$inferSelect

/** A ticket at a counter (called or being served): the one answer to "who is calling whom". */
export type AtCounter = Pick<TicketRow, 'id' | 'number' | 'status' | 'serviceId' | 'calledAt' | 'servingAt'> & { counterId: number }

/** A counter's row with the name of the staff member holding it. */
export interface CounterWithStaff {
  counter: CounterRow
  staffName: string | null
}

/** A call shown on the board: a `ticket:called` or `ticket:recalled` event with its ticket. */
export interface RecentCall {
  ticketId: number
  number: string
  counterId: number
  serviceId: number
  at: number
  recall: boolean
}

export interface TicketRepository {
  get(siteId: number, ticketId: number): Promise<TicketRow | undefined>
  /** The ticket a kiosk got for this request key (a retry gets the same ticket). */
  byRequestKey(deviceId: number, key: string): Promise<TicketRow | undefined>
  insert(ticket: NewTicket): Promise<TicketRow>
  /** Changes the given columns (undefined ones are left alone) and returns the row after. */
  update(ticketId: number, changes: Partial<TicketRow>): Promise<TicketRow>
  /** The ticket called or being served at a counter, if any. */
  atCounter(counterId: number): Promise<AtCounter | undefined>
  /** Every ticket called or being served at the site's counters. */
  atCounters(siteId: number): Promise<AtCounter[]>
  /**
   * The first waiting ticket of each class a counter may call today: reserved for it, priority and
   * ordinary of its services (in the order of its strategy). The call rule chooses among them.
   */
  queueHeads(counter: CounterRow, serviceIds: readonly number[], serviceDay: string): Promise<TicketRow[]>
  /** Today's waiting tickets, as the forecast needs them. */
  waiting(siteId: number, serviceDay: string): Promise<Pick<TicketRow, 'id' | 'serviceId' | 'queuedAt' | 'priorityGroupId' | 'targetCounterId'>[]>
  /** How many tickets wait for each service (all days: a day is closed before the next starts). */
  waitingCounts(siteId: number): Promise<Map<number, number>>
  /** Every live ticket of the site (waiting, called, serving), in queue order. */
  live(siteId: number): Promise<TicketRow[]>
  /** Live tickets of days before `beforeDay`. */
  liveBefore(siteId: number, beforeDay: string): Promise<Pick<TicketRow, 'id' | 'status' | 'counterId'>[]>
  /** Ends these tickets as `closed` (the day they belonged to is over). */
  closeAll(ticketIds: number[], at: number): Promise<void>
  /** The day's absent tickets, latest first. */
  noShows(siteId: number, serviceDay: string, limit: number): Promise<TicketRow[]>
  /** The latest calls of the day, newest first (tickets closed with their day are left out). */
  recentCalls(siteId: number, serviceDay: string, limit: number): Promise<RecentCall[]>
  /** Durations (start to finish, ms) of the service's latest visits finished after `since`, newest first. */
  recentServiceMs(serviceId: number, since: number, limit: number): Promise<number[]>

  /** The last ordinal handed out for a service on a day (0 before the first ticket). */
  lastNumber(serviceId: number, serviceDay: string): Promise<number>
  setLastNumber(serviceId: number, serviceDay: string, seqNo: number): Promise<void>

  /** Records a citizen's rating of a visit; a second one for the same ticket keeps the first. */
  rate(ticket: TicketRow, score: number, at: number): Promise<void>
  /** The score given for a visit, if any. */
  ratingOf(ticketId: number): Promise<number | undefined>
}

export interface CounterRepository {
  get(siteId: number, counterId: number): Promise<CounterRow | undefined>
  /** Counters held by a staff member (open or paused under their name). */
  heldBy(staffId: number): Promise<CounterRow[]>
  /** The site's counters, by number. */
  all(siteId: number): Promise<CounterRow[]>
  /** A counter's services, in its order. */
  serviceIds(counterId: number): Promise<number[]>
  /** The service lists of every counter of the site, by counter id. */
  serviceIdsAll(siteId: number): Promise<Map<number, number[]>>
  /** One counter with its staff member's name. */
  withStaff(siteId: number, counterId: number): Promise<CounterWithStaff | undefined>
  /** The site's counters with their staff members' names, by number. */
  allWithStaff(siteId: number): Promise<CounterWithStaff[]>
  /** Changes the given columns and stamps `updatedAt`. */
  update(counterId: number, at: number, changes?: Partial<CounterRow>): Promise<void>
  /** Starts every counter's priority streak again (a new day). */
  resetStreaks(siteId: number, at: number): Promise<void>
}

export interface ServiceRepository {
  get(siteId: number, serviceId: number): Promise<ServiceRow | undefined>
  /** The site's services in their display order. */
  all(siteId: number): Promise<ServiceRow[]>
  /** Whether some counter serves it (open or not). */
  isStaffed(serviceId: number): Promise<boolean>
}

export interface PriorityGroupRepository {
  get(siteId: number, groupId: number): Promise<PriorityGroupRow | undefined>
  /** The site's groups in their display order. */
  all(siteId: number): Promise<PriorityGroupRow[]>
}

/** The queue's additions to the site repository. */
export interface SiteRepository {
  /** Notes the last service day that was closed. */
  setLastClosedDay(siteId: number, day: string): Promise<void>
}
