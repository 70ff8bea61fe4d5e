/**
 * Runs domain commands for routes and socket handlers: stamps the instant, commits, and only then
 * publishes the events. Also closes service days that have ended.
 */
import fp from 'fastify-plugin'
import { and, eq, inArray, lt } from 'drizzle-orm'
import type { CommandContext, CommandResult } from '../domain/context.js'
import { closeDay } from '../domain/day.js'
import { SYSTEM, type Actor } from '../domain/event-log.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { sites, tickets } from '../db/schema.js'

declare module 'fastify' {
  interface FastifyInstance {
    queue: QueueRunner
  }
}

export interface QueueRunner {
  run<I, R>(command: (ctx: CommandContext, input: I) => CommandResult<R>, siteId: number, actor: Actor, input: I): R
  /** Closes days that have ended, on every site. Returns the number of tickets closed. */
  closeEndedDays(): number
}

const DAY_CHECK_INTERVAL_MS = 60_000

export default fp(
  async (app) => {
    const runner: QueueRunner = {
      run(command, siteId, actor, input) {
        const { result, events } = command({ db: app.storage.db, siteId, now: app.clock(), actor }, input)
        app.realtime.publish(events)
        return result
      },
      closeEndedDays() {
        const db = app.storage.db
        let closed = 0
        for (const site of db.select().from(sites).all()) {
          const today = serviceDayOf(app.clock(), site.timeZone)
          const stale = db
            .select({ id: tickets.id })
            .from(tickets)
            .where(and(eq(tickets.siteId, site.id), inArray(tickets.status, ['waiting', 'called', 'serving']), lt(tickets.serviceDay, today)))
            .limit(1)
            .get()
          if (stale) closed += runner.run(closeDay, site.id, SYSTEM, {}).closedTicketIds.length
        }
        if (closed > 0) app.log.info({ closed }, 'closed tickets left from earlier service days')
        return closed
      },
    }
    app.decorate('queue', runner)
    app.addHook('onReady', async () => {
      runner.closeEndedDays()
    })
    const timer = setInterval(() => {
      try {
        runner.closeEndedDays()
      } catch (err) {
        app.log.error({ err }, 'closing ended days failed')
      }
    }, DAY_CHECK_INTERVAL_MS)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'queue', dependencies: ['storage', 'realtime'] },
)
