/** What every domain command needs: the database, the instant it runs at, and who asked. */
import type { QueueEvent } from '../../../shared/contract.js'
import type { Db } from '../db/client.js'
import { prepared } from '../db/prepared.js'
import { DomainError } from './errors.js'
import type { Actor } from './event-log.js'

export interface CommandContext {
  db: Db
  siteId: number
  now: number
  actor: Actor
}

export interface CommandResult<T> {
  result: T
  /** Events to publish once the transaction has committed. */
  events: QueueEvent[]
}

/**
 * Runs a command in one immediate transaction: the ticket change and its events commit
 * together or not at all. better-sqlite3 is synchronous, so commands never interleave.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => CommandResult<T>): CommandResult<T> {
  return db.transaction((tx) => fn(tx as unknown as Db), { behavior: 'immediate' })
}

export function loadSite(db: Db, siteId: number) {
  const site = prepared(db).site.get({ id: siteId })
  if (!site) throw new DomainError('not_found', `Site ${siteId} does not exist`, 404)
  return site
}
