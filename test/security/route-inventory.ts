/**
 * Every route the app registers, collected with an `onRoute` hook while the app is built, so the
 * security matrix covers routes nobody remembered to list.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { app as qms } from '../../server/src/app.js'
import { loadConfig } from '../../server/src/config.js'
import { FakeClock, PASSWORD, type Tap } from '../helpers/build.js'

export interface RouteEntry {
  method: string
  url: string
  /** The route's input schemas, as declared. */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown; response?: Record<string, unknown> }
}

export async function buildWithRoutes(t: Tap, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; routes: RouteEntry[]; clock: FakeClock }> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-matrix-'))
  const clock = new FakeClock()
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'qms.sqlite'),
    DEMO_DATA: 'true',
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://qms.test',
    PRINT_TIMEOUT_MS: '1500',
    ...env,
  })
  const app = Fastify({ logger: false })
  const routes: RouteEntry[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Fastify adds HEAD for every GET by itself; it runs the same handlers.
      if (method === 'HEAD' && route.method !== 'HEAD') continue
      routes.push({ method, url: route.url, schema: route.schema as RouteEntry['schema'] })
    }
  })
  await app.register(qms, { config, clock: clock.now })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { app, routes, clock }
}
