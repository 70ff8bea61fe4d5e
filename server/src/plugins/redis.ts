/**
 * The Redis a province's server processes share (REDIS_URL), for the counts that must hold across
 * processes: the rate limits and the per-account login throttle. Without REDIS_URL (one centre,
 * one process) there is none and those counts stay in memory.
 *
 * Redis is a help, never a gate: a short connect and command timeout, no queue of commands while
 * it is away, and whoever uses it carries on without it (the rate limits skip, the login throttle
 * counts in this process) rather than turn people away.
 */
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared Redis, or null when REDIS_URL is unset. */
    redis: Redis | null
  }
}

export interface RedisOptions {
  url?: string | undefined
}

/** How long a connection attempt, or one command, may take before the caller goes on without Redis. */
export const REDIS_TIMEOUT_MS = 500

export default fp<RedisOptions>(
  async (app, opts) => {
    if (!opts.url) {
      app.decorate('redis', null)
      return
    }
    const client = new Redis(opts.url, {
      lazyConnect: true,
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      // A command while Redis is away fails at once instead of waiting for it to come back.
      enableOfflineQueue: false,
      // Keep trying in the background, at most every five seconds.
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    })
    // Reported once per kind of failure, not on every reconnection attempt.
    let lastProblem = ''
    client.on('error', (err: Error) => {
      if (err.message === lastProblem) return
      lastProblem = err.message
      app.log.warn({ err }, 'Redis is not answering; rate limits and login throttling count in this process meanwhile')
    })
    client.on('ready', () => {
      if (lastProblem) app.log.info('Redis answers again')
      lastProblem = ''
    })
    try {
      await client.connect()
    } catch {
      // Logged by the error listener; the client keeps reconnecting.
    }
    app.decorate('redis', client)
    app.addHook('onClose', async () => {
      client.disconnect()
    })
  },
  { name: 'redis' },
)
