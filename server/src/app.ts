/**
 * The whole server as one Fastify plugin. Plugins load in a visible order:
 * external (errors, Redis, rate limit) → storage and auth → realtime, commands, printing → routes → pages.
 * `main.ts` starts it; tests build it on a temporary database.
 */
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import helmet from '@fastify/helmet'
import type { Config } from './config.js'
import errors from './plugins/errors.js'
import finiteNumbers from './plugins/finite-numbers.js'
import redis from './plugins/redis.js'
import storage from './plugins/storage.js'
import auth from './plugins/auth.js'
import realtime from './plugins/realtime.js'
import ticketFollowers from './plugins/ticket-followers.js'
import ratingDevices from './plugins/rating-devices.js'
import ratingDeviceRoutes from './routes/rating-device.js'
import displayStream from './plugins/display-stream.js'
import commands from './plugins/commands.js'
import numberingLedger from './plugins/numbering-ledger.js'
import ticketPrinting from './plugins/ticket-printing.js'
import pages from './plugins/pages.js'
import authRoutes from './routes/auth.js'
import snapshotRoutes from './routes/snapshot.js'
import ticketRoutes from './routes/tickets.js'
import counterRoutes from './routes/counters.js'
import deviceRoutes from './routes/devices.js'
import adminServiceRoutes from './routes/admin-services.js'
import adminProcedureRoutes from './routes/admin-procedures.js'
import adminCounterRoutes from './routes/admin-counters.js'
import adminPriorityGroupRoutes from './routes/admin-priority-groups.js'
import adminUserRoutes from './routes/admin-users.js'
import adminSiteRoutes from './routes/admin-site.js'
import adminAuditRoutes from './routes/admin-audit.js'
import adminAccountRoutes from './routes/admin-account.js'
import staffTicketRoutes from './routes/staff-tickets.js'
import trackingRoutes from './routes/tracking.js'
import publicRoutes from './routes/public.js'
import provinceRoutes from './routes/province.js'
import reportRoutes from './routes/reports.js'
import healthRoutes from './routes/health.js'
import backup from './plugins/backup.js'

export interface AppOptions {
  config: Config
  /** Now, in UTC milliseconds. Tests inject a fake clock. */
  clock?: () => number
  /** The SQLite file was deleted or replaced under the server (main.ts stops the process). */
  onDatabaseLost?: () => void
}

async function qms(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  const { config } = opts
  const clock = opts.clock ?? Date.now

  await fastify.register(errors)
  await fastify.register(finiteNumbers)
  await fastify.register(redis, { url: config.REDIS_URL })
  // Limits are declared per route. Several processes count in their shared Redis (a client's
  // requests may reach any of them); when Redis does not answer the limit is skipped rather than
  // turn everyone away.
  await fastify.register(rateLimit, {
    global: false,
    ...(fastify.redis.counts ? { redis: fastify.redis.counts, nameSpace: 'hang-cho:rate-limit:', skipOnError: true } : {}),
  })
  // Security headers on every answer. No page of ours may be framed (the console, logged in, was);
  // scripts come only from our own bundles. Styles allow inline style attributes (Lit templates set
  // some); sockets may be ws:/wss: because old TV browsers do not count them as 'self'. The ticket
  // page sends its own, stricter policy.
  await fastify.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Strict-Transport-Security only where the server is reached over HTTPS (COOKIE_SECURE says so).
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 15552000 } : false,
    // A province portal may show the public figures; nothing of ours is fetched cross-origin today.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  })
  await fastify.register(storage, {
    databasePath: config.DATABASE_PATH,
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    clock,
    demoData: config.DEMO_DATA,
    demoHistoryDays: config.DEMO_HISTORY_DAYS,
    demoCommunes: config.DEMO_COMMUNES,
    adminPassword: config.ADMIN_PASSWORD,
    publicUrl: config.PUBLIC_URL,
    ...(opts.onDatabaseLost ? { onDatabaseLost: opts.onDatabaseLost } : {}),
  })
  await fastify.register(auth, { sessionTtlHours: config.SESSION_TTL_HOURS, cookieSecure: config.COOKIE_SECURE })
  await fastify.register(realtime, { publicUrl: config.PUBLIC_URL })
  await fastify.register(ticketFollowers)
  await fastify.register(ratingDevices)
  await fastify.register(displayStream)
  await fastify.register(commands)
  // Beside the SQLite file, so that a restored backup never hands out a number twice.
  await fastify.register(numberingLedger, { path: config.DATABASE_URL ? null : `${config.DATABASE_PATH}.numbers.json` })
  await fastify.register(ticketPrinting, { timeoutMs: config.PRINT_TIMEOUT_MS })
  await fastify.register(backup, {
    dir: config.BACKUP_DIR ?? join(dirname(config.DATABASE_PATH), 'backups'),
    keep: config.BACKUP_KEEP,
  })

  await fastify.register(authRoutes, { loginPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE })
  await fastify.register(snapshotRoutes, { publicUrl: config.PUBLIC_URL })
  await fastify.register(ticketRoutes, { publicUrl: config.PUBLIC_URL, kioskIssuesPerMinute: config.KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE })
  await fastify.register(counterRoutes)
  await fastify.register(deviceRoutes, { publicUrl: config.PUBLIC_URL })
  await fastify.register(ratingDeviceRoutes)
  await fastify.register(adminServiceRoutes)
  await fastify.register(adminProcedureRoutes)
  await fastify.register(adminCounterRoutes)
  await fastify.register(adminPriorityGroupRoutes)
  await fastify.register(adminUserRoutes)
  await fastify.register(adminSiteRoutes, { publicUrl: config.PUBLIC_URL })
  await fastify.register(adminAuditRoutes)
  await fastify.register(adminAccountRoutes)
  await fastify.register(staffTicketRoutes, { publicUrl: config.PUBLIC_URL })
  await fastify.register(trackingRoutes)
  await fastify.register(reportRoutes)
  await fastify.register(publicRoutes)
  await fastify.register(provinceRoutes, { publicUrl: config.PUBLIC_URL })
  await fastify.register(healthRoutes)
  await fastify.register(pages)
}

/** Wrapped so that tests and main.ts see the decorators (storage, store, commands, realtime …). */
export const app = fp(qms, { name: 'qms' })
