/**
 * Every repository on one PostgreSQL connection (the store makes them once per pooled connection
 * and runs each transaction on one), one module per aggregate like sqlite/: sites, events, audit,
 * tickets (with the citizen's ticket page), counters, services, priority groups, users, sessions,
 * devices and pairing requests. The queue's queries and the per-request session and device lookups
 * are named statements, prepared on the connection the first time they run; those whose SQL
 * depends on data are kept by shape (../keyed.ts). Rare ones (administrators' changes) are built per call.
 *
 * Each query returns what its SQLite twin returns, row for row and in the same order: where the
 * SQLite query leaves the order to its plan, this one names that order; text sorts byte by byte
 * (`collate "C"`) and NULLs sort as SQLite sorts them.
 */
import type { Repositories } from '../store.js'
import type { PgDb } from './client.js'
import { auditRepository } from './audit.js'
import { eventRepository } from './events.js'
import { siteRepository } from './sites.js'
import { ticketRepository } from './tickets.js'
import { counterRepository } from './counters.js'
import { serviceRepository } from './services.js'
import { priorityGroupRepository } from './priority-groups.js'
import { userRepository } from './users.js'
import { sessionRepository } from './sessions.js'
import { deviceRepository } from './devices.js'
import { pairingRepository } from './pairings.js'
import { outcomeRepository, procedureRepository } from './procedures.js'

export function pgRepositories(db: PgDb): Repositories {
  return {
    sites: siteRepository(db),
    events: eventRepository(db),
    audit: auditRepository(db),
    tickets: ticketRepository(db),
    counters: counterRepository(db),
    services: serviceRepository(db),
    priorityGroups: priorityGroupRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    devices: deviceRepository(db),
    pairings: pairingRepository(db),
    procedures: procedureRepository(db),
    outcomes: outcomeRepository(db),
  }
}
