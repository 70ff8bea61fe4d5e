/**
 * The seam between the rules and the database. Commands and read models see only these
 * repositories, never SQL; each database (SQLite now, PostgreSQL next) implements them.
 *
 * One repository per aggregate, each holding every read and write of it (the queue's and the
 * administrators' alike): sites, events, audit, tickets (with the citizen's ticket page), counters,
 * services, priority groups, users, sessions, devices and pairing requests. The reports keep their own query module
 * and run it inside `read`.
 *
 * Every repository method returns a promise, so the same command runs on a synchronous driver
 * (better-sqlite3) and an asynchronous one. What keeps two commands apart is the database, not
 * the driver: a write transaction first locks its site (`sites.lock`), so "one ticket, one counter"
 * and the gap-free per-site event sequence hold however the driver schedules its queries.
 */
import type { AuditRepository, CounterRepository, DeviceRepository, EventRepository, PriorityGroupRepository } from './repositories.js'
import type { OutcomeRepository, ProcedureRepository } from './repositories.js'
import type { PairingRepository, ServiceRepository, SessionRepository, SiteRepository, TicketRepository, UserRepository } from './repositories.js'

/** The repositories a command or a read sees, all on one connection and in one transaction. */
export interface Repositories {
  sites: SiteRepository
  events: EventRepository
  audit: AuditRepository
  tickets: TicketRepository
  counters: CounterRepository
  services: ServiceRepository
  priorityGroups: PriorityGroupRepository
  users: UserRepository
  sessions: SessionRepository
  devices: DeviceRepository
  pairings: PairingRepository
  procedures: ProcedureRepository
  outcomes: OutcomeRepository
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres'
  /**
   * Runs `work` in one write transaction: everything it writes commits together or not at all.
   * No two write transactions interleave on one site. Inside `work`, use only the repositories it
   * is given (a nested `write` or `read` would wait for itself).
   */
  write<T>(work: (tx: Repositories) => Promise<T>): Promise<T>
  /** Runs reads that see committed data only (never a write transaction still in progress). */
  read<T>(work: (r: Repositories) => Promise<T>): Promise<T>
}
