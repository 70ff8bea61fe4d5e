/**
 * What each aggregate's repository can do, independent of the database: one interface per
 * aggregate, holding every read and write of it (the queue's and the administrators' alike).
 * The aggregates: sites (settings, the per-site lock and event sequence), events (the event log),
 * audit (the audit log), tickets (the queue, numbering, ratings, and the citizen's ticket page),
 * counters, services, priority groups, users, sessions, devices and pairing requests. The reports keep their own
 * query module (server/src/reports/). Rows are the shapes in schema.ts (the same columns on every
 * database).
 */
import type { RatingChannel } from '../../../shared/ratings.js'
import type { Role } from '../../../shared/constants.js'
import type { QueueEventName } from '../../../shared/contract.js'
import type { AuditEntryView, AuditNames } from '../../../shared/admin.js'
import type {
  assignments,
  auditLog,
  counters,
  devices,
  pairingGuesses,
  pairingRequests,
  priorityGroups,
  procedures,
  services,
  sessions,
  sites,
  tickets,
  users,
  visitOutcomes,
} from './schema.js'

export type SiteRow = typeof sites.$inferSelect
export type NewSite = typeof sites.$inferInsert

export interface SiteRepository {
  get(siteId: number): Promise<SiteRow | undefined>
  all(): Promise<SiteRow[]>
  /**
   * Takes the site's write lock for the rest of the transaction (PostgreSQL: `SELECT … FOR UPDATE`
   * on its row; SQLite: the transaction is already `BEGIN IMMEDIATE`, one writer). Every command
   * calls this first, through the runner.
   */
  lock(siteId: number): Promise<SiteRow | undefined>
  /** Notes the last service day that was closed. */
  setLastClosedDay(siteId: number, day: string): Promise<void>
  /** Site settings as administrators change them. */
  update(siteId: number, changes: Partial<Omit<SiteRow, 'id' | 'eventSeq'>>): Promise<SiteRow | undefined>
  insert(values: NewSite): Promise<SiteRow>
  /**
   * Serializes first-start set-up for the rest of the transaction (PostgreSQL: a transaction-level
   * advisory lock, so that processes starting together on a new database seed it once; SQLite: the
   * transaction is already the one writer).
   */
  lockSetup(): Promise<void>
  /** Any site's time zone (the backup's service day), or undefined when there is no site yet. */
  firstTimeZone(): Promise<string | undefined>
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

/** An event to log: the repository numbers it. */
export type NewEvent = Omit<EventRecord, 'siteId' | 'seq'>

export interface EventRepository {
  /**
   * Appends a command's events to the site's log, numbered on from the site's sequence, which it
   * advances; returns their numbers in order. The caller holds the site's lock. PostgreSQL does it
   * in one statement, whatever the count: every round trip here is one the site's lock is held for.
   */
  append(siteId: number, records: NewEvent[]): Promise<number[]>
}

export type AuditRow = typeof auditLog.$inferInsert

export interface AuditFilter {
  siteId: number
  /** An exact action, or a family when it ends with a dot. */
  action?: string | undefined
  targetType?: string | undefined
  userId?: number | undefined
  from?: number | undefined
  to?: number | undefined
  limit: number
  offset: number
}

export interface AuditRepository {
  append(entry: AuditRow): Promise<void>
  /** Newest first, with the acting user's names (administrators read the log). */
  page(filter: AuditFilter): Promise<{ total: number; entries: AuditEntryView[] }>
  /** Every name an entry may refer to. */
  names(siteId: number): Promise<AuditNames>
}

// ─── The queue's aggregates: tickets, counters, services, priority groups ───────────────────────
// Each holds both what the queue reads and changes and what administrators set up.

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

/** A citizen's rating of a visit, on the common five-level scale (shared/ratings.ts). */
export interface NewRating {
  score: number
  /** The scale the citizen was offered. */
  scale: number
  channel: RatingChannel
  /** The Vietnamese texts of the reasons picked (an unsatisfied rating), as offered then. */
  reasons: string[]
}

export interface TicketRepository {
  get(siteId: number, ticketId: number): Promise<TicketRow | undefined>
  /** The day's ticket with this number as it stands now (its latest entry, after any transfer). */
  latestByNumber(siteId: number, serviceDay: string, number: string): Promise<TicketRow | undefined>
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
  /** The last ordinal of every service of the site that issued on the day. */
  numbersOfDay(siteId: number, serviceDay: string): Promise<{ serviceId: number; lastSeqNo: number }[]>

  /** Records a citizen's rating of a visit; a second one for the same ticket keeps the first. */
  rate(ticket: TicketRow, rating: NewRating, at: number): Promise<void>
  /** The score given for a visit, if any. */
  ratingOf(ticketId: number): Promise<number | undefined>
  /** The visit a counter finished last on a day (its rating device asks about it), if any. */
  lastFinishedAt(siteId: number, counterId: number, serviceDay: string): Promise<TicketRow | undefined>

  // The citizen's ticket page (and its socket): one ticket, by its link, through its transfers.
  /** The ticket a link names, when its id and secret code match (any site: the link is the key). */
  linked(id: number, trackingCode: string): Promise<TicketRow | undefined>
  /** The entry a transfer created from this one, if any. */
  successor(id: number): Promise<TicketRow | undefined>
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

  // Set-up by administrators.
  numberTaken(siteId: number, number: number, exceptId?: number): Promise<boolean>
  /** Which of `ids` are this site's counters. */
  existing(siteId: number, ids: number[]): Promise<number[]>
  insert(values: typeof counters.$inferInsert): Promise<CounterRow>
  /** Replaces the services a counter serves, in this order. */
  setServices(counterId: number, serviceIds: number[]): Promise<void>
  /** Deletes the counter with its service assignments. */
  delete(id: number): Promise<void>
  /** Whether any ticket was served at, or transferred to, this counter. */
  hasTickets(id: number): Promise<boolean>
}

export interface ServiceRepository {
  get(siteId: number, serviceId: number): Promise<ServiceRow | undefined>
  /** The site's services in their display order. */
  all(siteId: number): Promise<ServiceRow[]>
  /** Whether some counter serves it (open or not). */
  isStaffed(serviceId: number): Promise<boolean>

  // Changes by administrators.
  /** Which of `ids` are this site's services. */
  existing(siteId: number, ids: number[]): Promise<number[]>
  insert(values: Omit<ServiceRow, 'id'>): Promise<ServiceRow>
  update(id: number, changes: Partial<ServiceRow>): Promise<ServiceRow | undefined>
  /** Deletes the service with its counter assignments, number counters and procedures. */
  delete(id: number): Promise<void>
  /** Whether tickets, or outcomes recorded for its procedures, refer to it. */
  hasTickets(id: number): Promise<boolean>
}

export interface PriorityGroupRepository {
  get(siteId: number, groupId: number): Promise<PriorityGroupRow | undefined>
  /** The site's groups in their display order. */
  all(siteId: number): Promise<PriorityGroupRow[]>

  // Changes by administrators.
  codeTaken(siteId: number, code: string, exceptId?: number): Promise<boolean>
  insert(values: Omit<PriorityGroupRow, 'id'>): Promise<PriorityGroupRow>
  update(id: number, changes: Partial<Omit<PriorityGroupRow, 'id' | 'siteId'>>): Promise<PriorityGroupRow | undefined>
  delete(id: number): Promise<void>
  hasTickets(id: number): Promise<boolean>
}

// ─── Procedures (thủ tục) and what counters did in each visit ──────────────────────────────────

export type ProcedureRow = typeof procedures.$inferSelect
export type NewProcedure = Omit<ProcedureRow, 'id'>
export type OutcomeRow = typeof visitOutcomes.$inferSelect
export type NewOutcome = Omit<OutcomeRow, 'id'>

/** Outcomes counted by service, procedure, staff member and kind, over a period. */
export interface OutcomeCount {
  serviceId: number
  procedureId: number | null
  staffId: number | null
  outcome: OutcomeRow['outcome']
  count: number
}

export interface ProcedureRepository {
  get(siteId: number, id: number): Promise<ProcedureRow | undefined>
  /** The site's procedures (active or not), by service, then their order, then id. */
  all(siteId: number): Promise<ProcedureRow[]>
  insert(values: NewProcedure): Promise<ProcedureRow>
  update(id: number, changes: Partial<Omit<ProcedureRow, 'id' | 'siteId'>>): Promise<ProcedureRow | undefined>
  delete(id: number): Promise<void>
  /** Whether a ticket or an outcome refers to it (then it is only deactivated). */
  inUse(id: number): Promise<boolean>
}

export interface OutcomeRepository {
  insert(rows: NewOutcome[]): Promise<void>
  /** What was recorded for a visit, in order. */
  ofTicket(ticketId: number): Promise<OutcomeRow[]>
  /** Counts over [from, to) (instants), by service, procedure, staff member and outcome. */
  counts(siteId: number, from: number, to: number): Promise<OutcomeCount[]>
}

// ─── Accounts and devices: staff, their sessions, the kiosks and displays ───────────────────────

export type UserRow = typeof users.$inferSelect
export type NewUser = typeof users.$inferInsert
export type DeviceRow = typeof devices.$inferSelect
export type NewDevice = typeof devices.$inferInsert

export type AssignmentRow = typeof assignments.$inferSelect
/** A staff member working at a centre other than their home one, with their role there. */
export type AssignedUser = UserRow & { assignedRole: Role }

export interface UserRepository {
  /** An account whose home centre is `siteId`. */
  get(siteId: number, id: number): Promise<UserRow | undefined>
  /** Any account, whatever its centre: the province's own screens only. */
  byId(id: number): Promise<UserRow | undefined>
  /** Every account of the province (callers sort them). */
  everyone(): Promise<UserRow[]>
  /** Usernames are unique across sites: they are what people type to log in. */
  byUsername(username: string): Promise<UserRow | undefined>
  /** The site's accounts (callers sort them by name). */
  all(siteId: number): Promise<UserRow[]>
  insert(values: NewUser): Promise<UserRow>
  update(
    id: number,
    changes: Partial<Pick<UserRow, 'displayName' | 'role' | 'active' | 'passwordHash' | 'provinceRole' | 'siteId'>>,
  ): Promise<UserRow | undefined>
  /** People of other centres assigned to work at this one (rotation). */
  assignedTo(siteId: number): Promise<AssignedUser[]>
  /** The other centres an account works at, with its role at each. */
  assignmentsOf(userId: number): Promise<AssignmentRow[]>
  /** Every assignment of the province, by account then centre (the province's list of people). */
  allAssignments(): Promise<AssignmentRow[]>
  /** Replaces an account's assignments with these. */
  setAssignments(userId: number, rows: { siteId: number; role: Role }[]): Promise<void>
}

/** A session as every staff request sees it: the account, and the centre it works at now with its role there. */
export interface ResolvedSession {
  user: UserRow
  csrfToken: string
  /** The centre chosen for this login (null: the home centre). */
  siteId: number | null
  /** The account's assignment at that centre, if it has one. */
  assignedRole: Role | null
}

export interface SessionRepository {
  insert(row: typeof sessions.$inferInsert): Promise<void>
  /** The user behind an unexpired session (asked on every staff request: a prepared query). */
  resolve(id: string, now: number): Promise<ResolvedSession | undefined>
  /** Moves a login to another centre (null: back home). */
  setSite(id: string, siteId: number | null): Promise<void>
  delete(id: string): Promise<void>
  deleteAllFor(userId: number): Promise<void>
  deleteAllForExcept(userId: number, keepId: string): Promise<void>
}

export interface DeviceRepository {
  get(siteId: number, id: number): Promise<DeviceRow | undefined>
  /** The device a token's hash names (asked on every device request: a prepared query). */
  byTokenHash(hash: string): Promise<DeviceRow | undefined>
  /** Newest first. */
  all(siteId: number): Promise<DeviceRow[]>
  insert(values: NewDevice): Promise<DeviceRow>
  update(id: number, changes: Partial<Pick<DeviceRow, 'name' | 'config' | 'tokenHash' | 'revokedAt'>>): Promise<DeviceRow | undefined>
  touch(id: number, lastSeenAt: number): Promise<void>
  setPrinterStatus(id: number, status: string, error: string | null): Promise<void>
}

// ─── Pairing by code: devices waiting for an administrator to confirm the code they show ───────

export type PairingRow = typeof pairingRequests.$inferSelect
export type NewPairing = typeof pairingRequests.$inferInsert
export type PairingGuessRow = typeof pairingGuesses.$inferSelect

/** What confirming a request records: the device it became and its token, sealed to the device's secret. */
export interface PairingConfirmation {
  deviceId: number
  deviceName: string
  sealedToken: string
  /** When the row is purged (it answers "used" until then). */
  forgetAt: number
}

export interface PairingRepository {
  /**
   * Serializes the creation of requests for the rest of the transaction, so that the count of
   * pending requests and the choice of a code hold across processes (PostgreSQL: a
   * transaction-level advisory lock; SQLite: the transaction is already the one writer).
   */
  lock(): Promise<void>
  /**
   * Frees the codes of requests that expired by `now` (they stay, to answer "expired"), and purges
   * at most `limit` rows, and `limit` windows of wrong guesses, that are over.
   */
  sweep(now: number, guessWindowMs: number, limit: number): Promise<void>
  /** Requests whose code can still be confirmed. */
  pendingCount(now: number): Promise<number>
  /** Whether any row, live or remembered, has this code. */
  codeKnown(code: string): Promise<boolean>
  insert(row: NewPairing): Promise<void>
  get(id: string): Promise<PairingRow | undefined>
  /** The row with this code, live or remembered (codes are never reused while a row has them). */
  byCode(code: string): Promise<PairingRow | undefined>
  /**
   * Confirms the request if its code is still live at `now`; false when another confirmation, or
   * its expiry, came first (PostgreSQL: the conditional update waits for, then sees, the other).
   */
  confirm(id: string, now: number, confirmation: PairingConfirmation): Promise<boolean>
  /** The sealed token, removed from the row as it is read: one caller gets it, once. */
  takeToken(id: string): Promise<string | undefined>
  /** The current windows of wrong guesses of these people and addresses. */
  guesses(who: string[]): Promise<PairingGuessRow[]>
  /** Counts one wrong guess against each of `who`, starting a new window where the last one is over. */
  wrongGuess(who: string[], now: number, windowMs: number): Promise<void>
}
