/** Every repository on one SQLite connection. Each aggregate's queries live in its own module. */
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
  }
}
