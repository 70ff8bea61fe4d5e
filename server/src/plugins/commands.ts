/**
 * The one runner every command goes through (server/src/domain/runner.ts): it owns the
 * transaction, the site's lock, the event log, the audit row and publishing after commit.
 */
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { createRunner, type Runner } from '../domain/runner.js'

declare module 'fastify' {
  interface FastifyInstance {
    commands: Runner
  }
}

export default fp(
  async (app) => {
    app.decorate(
      'commands',
      createRunner({
        store: app.store,
        clock: app.clock,
        secret: (bytes) => randomBytes(bytes).toString('base64url'),
        publish: (events) => app.realtime.publish(events),
      }),
    )
  },
  { name: 'commands', dependencies: ['storage', 'realtime'] },
)
