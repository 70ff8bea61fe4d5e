/**
 * Every route the app registers, collected with an `onRoute` hook while the app is built, so the
 * security matrix covers routes nobody remembered to list.
 */
import type { FastifyInstance } from 'fastify'
import { build, type BuildOptions, type FakeClock, type Tap } from '../helpers/build.js'

export interface RouteEntry {
  method: string
  url: string
  /** The route's input schemas, as declared. */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown; response?: Record<string, unknown> }
}

/**
 * The app as a centre runs it (the product's rate limits, history and backups), on the pass's
 * database; `opts` may make it listen (for sockets) or log.
 */
export async function buildWithRoutes(
  t: Tap,
  env: Record<string, string> = {},
  opts: Pick<BuildOptions, 'listen' | 'logger'> = {},
): Promise<{ app: FastifyInstance; routes: RouteEntry[]; clock: FakeClock }> {
  const routes: RouteEntry[] = []
  const { app, clock } = await build(t, {
    ...opts,
    env: {
      DEMO_HISTORY_DAYS: '42',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10',
      KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '30',
      BACKUP_KEEP: '14',
      PRINT_TIMEOUT_MS: '1500',
      ...env,
    },
    before: (app) =>
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          // Fastify adds HEAD for every GET by itself; it runs the same handlers.
          if (method === 'HEAD' && route.method !== 'HEAD') continue
          routes.push({ method, url: route.url, schema: route.schema as RouteEntry['schema'] })
        }
      }),
  })
  return { app, routes, clock }
}
