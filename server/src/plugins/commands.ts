/**
 * The runner every state change goes through (domain/runner.ts): routes and socket handlers call
 * `app.commands.run(command, who, input)`. Built on the app's store and clock, with node:crypto for
 * the secrets commands need, publishing to the screens only after commit. Also closes service days
 * that have ended, at start-up and every minute: on PostgreSQL every process checks, and one at a
 * time does the sweep (an advisory lock); the others skip that minute.
 */
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { closeDay, hasEndedDay } from '../domain/day.js'
import { createRunner, SYSTEM, type Runner } from '../domain/runner.js'

declare module 'fastify' {
  interface FastifyInstance {
    commands: Commands
  }
}

export interface Commands extends Runner {
  /**
   * Closes days that have ended, on every site. Returns the number of tickets closed, or 0 when
   * another server process is doing the sweep right now.
   */
  closeEndedDays(): Promise<number>
}

const DAY_CHECK_INTERVAL_MS = 60_000

export default fp(
  async (app) => {
    const runner = createRunner({
      store: app.store,
      clock: app.clock,
      secret: (bytes) => randomBytes(bytes).toString('base64url'),
      publish: (events) => app.realtime.publish(events),
    })
    const commands: Commands = {
      run: runner.run,
      async closeEndedDays() {
        // closeDay is safe to run twice (it runs under the site's lock and finds nothing left the
        // second time), but a province's sweep reads every site: one process does it.
        const closed = await app.database.exclusively('close-ended-days', async () => {
          let count = 0
          const sites = await app.store.read((r) => r.sites.all())
          for (const site of sites) {
            if (!(await app.store.read((r) => hasEndedDay(r, site.id, app.clock())))) continue
            count += (await runner.run(closeDay, { siteId: site.id, actor: SYSTEM }, {})).closedTicketIds.length
          }
          return count
        })
        if (closed) app.log.info({ closed }, 'closed tickets left from earlier service days')
        return closed ?? 0
      },
    }
    app.decorate('commands', commands)
    app.addHook('onReady', async () => {
      await commands.closeEndedDays()
    })
    const timer = setInterval(() => {
      commands.closeEndedDays().catch((err: unknown) => app.log.error({ err }, 'closing ended days failed'))
    }, DAY_CHECK_INTERVAL_MS)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'commands', dependencies: ['storage', 'realtime'] },
)
