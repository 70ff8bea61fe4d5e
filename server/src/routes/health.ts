/**
 * `GET /api/health`, for monitoring and for a reverse proxy's health check: is the server up and
 * can it read its database. No login and nothing secret: the version, how long it has run, whether
 * it reaches the other server processes through Redis, how many screens are connected, and the day
 * of the newest backup. 503 when the database cannot be read or failed its latest integrity check;
 * not for Redis (see HealthSchema's `redis`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { projectRoot } from '../paths.js'
import { HealthSchema } from './schemas.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version
  const startedAt = Date.now()

  app.get('/api/health', { schema: { response: { 200: HealthSchema, 503: HealthSchema } } }, async (_request, reply) => {
    const database = await app.database.state()
    const body = {
      status: database === 'ok' ? ('ok' as const) : ('unavailable' as const),
      version,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      database,
      redis: app.redis.state(),
      connectedClients: app.realtime.io.engine.clientsCount,
      lastBackup: app.backup.latest(),
    }
    return reply
      .code(database === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body)
  })
}
export default routes
