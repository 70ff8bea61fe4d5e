/**
 * The one way a state changes. A command (queue or administration alike) loads through the
 * repositories it is given, decides by its rules, writes, and returns what happened: its result,
 * the events to log and publish, and an audit row. The runner owns everything around that:
 * the transaction and the site's lock, the event log's sequence numbers, the audit row, and
 * publishing only after commit, so that no screen ever sees a change that did not happen.
 */
import type { QueueEvent, QueueEventMap, QueueEventName } from '../../../shared/contract.js'
import type { Repositories, Store } from '../db/store.js'
import type { SiteRow } from '../db/repositories.js'
import { DomainError } from './errors.js'

export interface Actor {
  type: 'staff' | 'device' | 'system'
  id: number | null
}

export const SYSTEM: Actor = { type: 'system', id: null }

export interface CommandContext {
  tx: Repositories
  siteId: number
  /** The site's row as the runner locked it (before the command changes anything). */
  site: SiteRow
  /** The instant the command runs at (the app's clock, so tests can move it). */
  now: number
  actor: Actor
  /** A random URL-safe secret of `bytes` bytes (tracking codes, tokens): injected, so rules need no crypto. */
  secret(bytes: number): string
}

/** One event as a command describes it; the runner adds the site, the sequence number and the instant. */
export type EventDraft = {
  [K in QueueEventName]: {
    name: K
    ticketId?: number | null
    counterId?: number | null
    serviceId?: number | null
    fromStatus?: string | null
    toStatus?: string | null
    /** Kept in the log only (reports read it); never published. */
    data?: Record<string, unknown>
    payload: Omit<QueueEventMap[K], 'siteId' | 'seq' | 'at'>
  }
}[QueueEventName]

/** An administrative change's audit row; the runner adds the site, the user and the instant. */
export interface AuditDraft {
  action: string
  targetType: string
  targetId: number | null
  /** What changed. Never passwords or tokens. */
  detail?: Record<string, unknown>
}

export interface Outcome<R> {
  result: R
  events?: EventDraft[]
  audit?: AuditDraft
}

export type Command<I, R> = (ctx: CommandContext, input: I) => Promise<Outcome<R>>

export interface RunnerDeps {
  store: Store
  clock: () => number
  secret: (bytes: number) => string
  /** Sends committed events to the screens. */
  publish: (events: QueueEvent[]) => void
}

export interface Runner {
  run<I, R>(command: Command<I, R>, who: { siteId: number; actor: Actor }, input: I): Promise<R>
}

/**
 * Runs work for one key after the work queued before it for that key, in this process. Work that
 * fails does not hold up the next.
 */
function keyedQueue() {
  const tails = new Map<number, Promise<unknown>>()
  return <T>(key: number, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return run
  }
}

export function createRunner(deps: RunnerDeps): Runner {
  // A site's commands queue here before they take its lock in the database: on PostgreSQL, twenty
  // transactions of one process waiting on one row cost more in lock hand-overs than the commands
  // themselves, and hold pooled connections other sites need. So each process sends one command per
  // site at a time; the row lock still orders the processes among themselves.
  const inTurn = keyedQueue()
  return {
    run: (command, who, input) => inTurn(who.siteId, () => runNow(command, who, input)),
  }

  async function runNow<I, R>(command: Command<I, R>, { siteId, actor }: { siteId: number; actor: Actor }, input: I): Promise<R> {
    const { result, published } = await deps.store.write(async (tx) => {
      // Made anew on every attempt: a store may run the transaction again (PostgreSQL, after a deadlock).
      const published: QueueEvent[] = []
      const now = deps.clock()
      const site = await tx.sites.lock(siteId)
      if (!site) throw new DomainError('not_found', `Site ${siteId} does not exist`, 404)
      const outcome = await command({ tx, siteId, site, now, actor, secret: deps.secret }, input)
      const drafts = outcome.events ?? []
      const seqs = await tx.events.append(
        siteId,
        drafts.map((draft) => ({
          type: draft.name,
          ticketId: draft.ticketId ?? null,
          counterId: draft.counterId ?? null,
          serviceId: draft.serviceId ?? null,
          fromStatus: draft.fromStatus ?? null,
          toStatus: draft.toStatus ?? null,
          actorType: actor.type,
          actorId: actor.id,
          at: now,
          data: draft.data ?? null,
        })),
      )
      drafts.forEach((draft, i) => {
        published.push({ name: draft.name, payload: { ...draft.payload, siteId, seq: seqs[i]!, at: now } } as QueueEvent)
      })
      if (outcome.audit) {
        await tx.audit.append({ ...outcome.audit, detail: outcome.audit.detail ?? null, siteId, userId: actor.type === 'staff' ? actor.id : null, at: now })
      }
      return { result: outcome.result, published }
    })
    deps.publish(published)
    return result
  }
}
