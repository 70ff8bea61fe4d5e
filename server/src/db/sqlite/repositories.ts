/**
 * Every repository on one SQLite connection, one module per aggregate: sites, events, audit,
 * tickets (with the citizen's ticket page), counters, services, priority groups, users, sessions,
 * devices and pairing requests. Each module prepares its frequent queries (the queue's commands and reads, the
 * per-request session and device lookups, the ticket page) once, here, for the connection's life;
 * those whose SQL depends on data are kept by shape (keyed.ts). Rare ones (administrators' changes)
 * are built per call.
 */
import type { Db } from '../client.js'
import type { Repositories } from '../store.js'
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

export function sqliteRepositories(db: Db): Repositories {
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
