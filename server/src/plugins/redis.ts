/**
 * Redis, when REDIS_URL is set: the link through which the Socket.IO rooms span every server
 * process of a province (realtime.ts puts the adapter on it), and the counts that must hold across
 * processes (the rate limits and the per-account login throttle, on a connection of their own).
 * Without REDIS_URL there is one process and no link: `state()` says `not_used`, and those counts
 * stay in memory.
 *
 * Redis is never on a command's path. Commands commit in the database; publishing to other
 * processes is fire-and-forget, so while Redis is away the centre keeps working and only the
 * screens connected to other processes miss live updates. Those are repaired when it comes back:
 * `onRestored` listeners run (realtime.ts asks every screen to resync), because whatever was
 * published meanwhile is lost for good (no offline queue on the publishing side: late deliveries
 * would be no better than a snapshot, and a long outage would pile them up in memory).
 *
 * One line is logged when the link goes down and one when it is back, however many reconnection
 * attempts lie between.
 */
import fp from 'fastify-plugin'
import { Redis, type RedisOptions } from 'ioredis'

export type RedisState = 'ok' | 'unavailable' | 'not_used'

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisLink
  }
}

export interface RedisLink {
  /** The publishing and the subscribed connection, for the Socket.IO adapter; null without REDIS_URL. */
  readonly clients: { pub: Redis; sub: Redis } | null
  /**
   * The connection for shared counts (rate limits, login throttle); null without REDIS_URL. A help,
   * never a gate: short connect and command timeouts and no queue while Redis is away, so whoever
   * uses it carries on without it (the rate limits skip, the login throttle counts in this process).
   */
  readonly counts: Redis | null
  /** `ok` once both connections answer and the subscriptions are in place again. */
  state(): RedisState
  /** Runs `listener` each time the link becomes whole (after an outage, or late at start-up). */
  onRestored(listener: () => void): void
}

/** How long a connection attempt, or one counting command, may take before the caller goes on without Redis. */
export const REDIS_TIMEOUT_MS = 500

export interface RedisPluginOptions {
  /** redis://… ; unset: one process, no link. */
  url?: string | undefined
}

/**
 * A command that fails while Redis is away must not become an unhandled rejection: the adapter
 * publishes without awaiting, and ioredis re-subscribes without awaiting, and close-with-grace
 * would take an unhandled rejection for a crash and stop the server. Callers that await a command
 * still see its error.
 */
class GuardedRedis extends Redis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    args[0].promise.catch(() => undefined)
    return super.sendCommand(...args)
  }
}

export default fp<RedisPluginOptions>(
  async (app, opts) => {
    const listeners: (() => void)[] = []
    if (!opts.url) {
      app.decorate('redis', { clients: null, counts: null, state: () => 'not_used', onRestored: () => undefined } satisfies RedisLink)
      return
    }

    const common: RedisOptions = {
      // Reconnect for ever, at most every 2 s: Redis coming back is the normal end of an outage.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
      connectTimeout: 5_000,
      connectionName: 'hang-cho',
      // The ready check (INFO, waiting out a Redis loading its data) is refused on a connection the
      // adapter has already put in subscriber mode, which ioredis then drops and opens again. Pub/sub
      // commands are served while Redis loads, so there is nothing to wait for.
      enableReadyCheck: false,
    }
    // A broadcast while Redis is away fails at once and is forgotten (see above).
    const pub = new GuardedRedis(opts.url, { ...common, enableOfflineQueue: false, autoResendUnfulfilledCommands: false })
    // The subscriptions made before the first connection wait for it however long it takes, and
    // ioredis subscribes again by itself after every reconnection.
    const sub = new GuardedRedis(opts.url, { ...common, maxRetriesPerRequest: null })

    const counts = new GuardedRedis(opts.url, {
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      // A command while Redis is away fails at once instead of waiting for it to come back.
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
      connectionName: 'hang-cho-counts',
      enableReadyCheck: false,
    })
    // Its failures are the link's: logged once by the listeners below when it is the link that broke.
    counts.on('error', () => undefined)

    let whole = false
    let everWhole = false
    let reportedDown = false
    let closing = false
    /** Bumped on every loss, so a check that started before it does not declare the link whole. */
    let epoch = 0

    function lost(err?: Error): void {
      epoch++
      whole = false
      if (reportedDown || closing) return
      reportedDown = true
      app.log.warn({ err: err?.message }, 'Redis unreachable: screens on other server processes miss live updates until it is back (commands still work)')
    }

    function check(): void {
      if (pub.status !== 'ready' || sub.status !== 'ready' || whole) return
      const started = epoch
      // ioredis re-subscribes as the connection becomes ready; a PING answered after that on the
      // same connection proves the subscriptions are in place, so nothing published from now on is missed.
      sub.ping().then(
        () => {
          if (started !== epoch || whole || pub.status !== 'ready' || sub.status !== 'ready') return
          whole = true
          if (reportedDown) app.log.info('Redis reachable again: screens are asked to resync')
          else if (!everWhole) app.log.info('Redis connected: live updates span every server process')
          reportedDown = false
          everWhole = true
          for (const listener of listeners) listener()
        },
        () => undefined,
      )
    }

    // The link is down when a connection closes (each failed attempt ends with 'close' too), and
    // whole again when both are ready. An 'error' alone is not a loss (ioredis also reports refused
    // commands that way): it only names the cause in the log line.
    let lastError: Error | undefined
    for (const client of [pub, sub]) {
      client.on('ready', check)
      client.on('error', (err: Error) => {
        lastError = err
      })
      client.on('close', () => lost(lastError))
    }

    const link: RedisLink = {
      clients: { pub, sub },
      counts,
      state: () => (whole ? 'ok' : 'unavailable'),
      onRestored(listener) {
        listeners.push(listener)
      },
    }
    app.decorate('redis', link)
    app.addHook('onClose', async () => {
      closing = true
      listeners.length = 0
      // Nothing to flush on either connection: disconnecting now never waits for a Redis that is away.
      pub.disconnect()
      sub.disconnect()
      counts.disconnect()
    })
  },
  { name: 'redis' },
)
