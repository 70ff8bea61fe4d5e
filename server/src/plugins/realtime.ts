/**
 * Socket.IO attached to Fastify's own HTTP server. Clients authenticate in the handshake
 * (device token, staff session cookie, or a ticket's tracking code), get a snapshot, and then
 * every committed change in sequence. Queue logic never lives here: this only publishes. Displays
 * follow their own stream instead (display-stream.ts).
 */
import fp from 'fastify-plugin'
import { Server, type Socket } from 'socket.io'
import { createAdapter } from '@socket.io/redis-adapter'
import { coalescedBySite, payloadlessAck, snapshotRequests } from './snapshot-requests.js'
import {
  rooms,
  type ClientToServerEvents,
  type HandshakeAuth,
  type QueueEvent,
  type ServerToClientEvents,
  type DeviceStatusEvent,
} from '../../../shared/contract.js'
import type { QueueSnapshot } from '../../../shared/types.js'
import { buildSnapshot } from '../domain/snapshot.js'
import { resolveDevice, SESSION_COOKIE, type Principal } from './auth.js'

/** A citizen's phone following one ticket (the one its link names), in the page's language. */
export type Follower = { kind: 'follower'; ticketId: number; siteId: number; lang: 'vi' | 'en' }
type Who = Principal | Follower
export interface SocketData {
  who: Who
  siteId: number
}
/** Between server processes (through the adapter): the events another process committed. */
export interface ServerSideEvents {
  'queue:committed': (events: QueueEvent[]) => void
}
export type QmsServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>
export type QmsSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime
  }
}

export interface Realtime {
  io: QmsServer
  /** Sends committed events to everyone who follows the site. */
  publish(events: QueueEvent[]): void
  /** Also hands events committed by this process to a listener (the display stream builds its steps once, where they were committed). */
  onPublished(listener: (events: QueueEvent[]) => void): void
  /**
   * Hands a listener the events committed by any server process, this one's at once and the others'
   * as they arrive through the adapter (the phones following tickets are connected to any process).
   */
  onCommitted(listener: (events: QueueEvent[]) => void): void
  /** The site's snapshot, one build at a time however many sockets ask (snapshot-requests.ts). */
  snapshot(siteId: number): Promise<QueueSnapshot>
  deviceStatus(siteId: number, status: DeviceStatusEvent): void
  /** Drops the connections of a revoked device or a logged-out user. */
  disconnectDevice(deviceId: number): void
  disconnectUser(userId: number): void
  /** Drops the connections opened with one login (its logout), or all of a user's but one (a password change). */
  disconnectSession(sessionId: string): void
  disconnectUserExcept(userId: number, keepSessionId: string): Promise<void>
}

/**
 * What devices may receive of the queue: a copy without what staff keep among themselves (a
 * transfer's note, why a counter is paused) and without who serves where (names and ids of staff).
 * A kiosk counts who waits and which counters are open; it shows no officer. These sit on ticket
 * and counter views, which payloads and snapshots hold at any depth.
 */
const STAFF_ONLY = new Set(['transferNote', 'pauseReason', 'staffName', 'staffId'])

export function forDevices<T>(value: T): T {
  if (Array.isArray(value)) return value.map(forDevices) as T
  if (value === null || typeof value !== 'object') return value
  const copy: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) copy[key] = STAFF_ONLY.has(key) ? null : forDevices(v)
  return copy as T
}

/** The sockets opened with one staff login: they end with it. */
const sessionRoom = (sessionId: string) => `session:${sessionId}`

/**
 * A staff socket rides on the session cookie, which the browser also sends from a page on another
 * port of the same host (same-site). Only our own pages may open one: the handshake's Origin must be
 * the public address or the address the request came to. (Devices and ticket pages carry a token.)
 */
function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true // not a browser: no cookie forgery to fear from it
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  if (parsed.origin === new URL(publicUrl).origin) return true
  return host !== undefined && parsed.host === host && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
}

export interface RealtimeOptions {
  publicUrl: string
}

export default fp<RealtimeOptions>(
  async (app, opts) => {
    const io: QmsServer = new Server(app.server, {
      path: '/socket.io',
      serveClient: false,
      // Old TV browsers fall back to polling; keep pings frequent enough to notice a dead LAN.
      pingInterval: 10_000,
      pingTimeout: 8_000,
      // Several server processes (REDIS_URL): the rooms span them through Redis pub/sub. This adapter
      // rather than @socket.io/redis-streams-adapter: the streams adapter's one advantage is
      // connection-state recovery (replaying missed packets from a stream), which is known to fail on
      // fast reconnects and Redis restarts, and which we do not need: every queue event carries the
      // site's gap-free sequence number, clients resync on any gap, and after an outage the server
      // asks them to (below). Plain pub/sub keeps nothing in Redis, so Redis needs no persistence
      // or memory limit of its own. Requests to the other processes (fetchSockets) give up quickly.
      ...(app.redis.clients ? { adapter: createAdapter(app.redis.clients.pub, app.redis.clients.sub, { requestsTimeout: 2_000 }) } : {}),
    })
    // Whatever was published while Redis was away never reached the other processes' screens:
    // every screen fetches a fresh snapshot. A process whose link comes back tells every screen of
    // every process (through the adapter), not only its own: an event it published while its own
    // connection was still down was lost for the screens on the others, which may have resynced
    // already when their link came back first. Each screen hears the hint once per process and
    // folds hints that come close together into one resync (queue-controller.ts).
    app.redis.onRestored(() => io.emit('sync:hint'))

    // The principal lookups are asynchronous (the store's repositories): a failure refuses the socket.
    io.use((socket, next) => {
      handshake(socket, next).catch((err: unknown) => next(err instanceof Error ? err : new Error(String(err))))
    })

    async function handshake(socket: QmsSocket, next: (err?: Error) => void): Promise<void> {
      const auth = (socket.handshake.auth ?? {}) as HandshakeAuth
      if (typeof auth.deviceToken === 'string') {
        const device = await resolveDevice(app.store, auth.deviceToken, app.clock())
        if (!device) return next(new Error('device_revoked'))
        socket.data = { who: { kind: 'device', device }, siteId: device.siteId }
        return next()
      }
      if (auth.follow) {
        const { ticketId, code } = auth.follow
        // A link that cannot be one matches nothing without asking the database (an id past
        // PostgreSQL's integer, 2^31 - 1, would fail there instead).
        const wellFormed = Number.isInteger(ticketId) && ticketId >= 1 && ticketId < 2 ** 31 && typeof code === 'string' && code.length <= 64
        const ticket = wellFormed ? await app.store.read((r) => r.tickets.linked(ticketId, code)) : null
        if (!ticket) return next(new Error('ticket_not_found'))
        const lang = auth.follow.lang === 'en' ? 'en' : 'vi'
        socket.data = { who: { kind: 'follower', ticketId: ticket.id, siteId: ticket.siteId, lang }, siteId: ticket.siteId }
        return next()
      }
      const cookies = app.parseCookie(socket.handshake.headers.cookie ?? '')
      const session = await app.sessions.resolve(cookies[SESSION_COOKIE])
      if (session && !originAllowed(socket.handshake.headers.origin, socket.handshake.headers.host, opts.publicUrl)) {
        app.log.warn({ origin: socket.handshake.headers.origin }, 'staff socket refused: foreign origin')
        return next(new Error('origin_refused'))
      }
      if (session) {
        socket.data = { who: { kind: 'staff', ...session }, siteId: session.user.siteId }
        return next()
      }
      return next(new Error('unauthorized'))
    }

    // Shared by every socket of a site, staff and displays alike (snapshot-requests.ts).
    const snapshot = coalescedBySite((siteId: number) => app.store.read((r) => buildSnapshot(r, siteId, app.clock(), opts.publicUrl)))

    io.on('connection', (socket: QmsSocket) => {
      const { who, siteId } = socket.data
      // A phone gets its ticket's progress from the ticket-followers plugin, never the queue's events:
      // those name staff, carry internal notes and other citizens' tickets.
      if (who.kind === 'follower') return
      const joined: string[] = []
      if (who.kind === 'device') {
        joined.push(rooms.device(who.device.id))
        if (who.device.kind === 'display') joined.push(rooms.display(who.device.id))
      } else {
        joined.push(rooms.user(who.user.id), sessionRoom(who.sessionId))
        if (who.user.role !== 'staff') joined.push(rooms.admins(siteId))
      }
      // A display gets what its board shows from the display stream (display-stream.ts), not every event;
      // a rating device its own counter's state from rating-devices.ts, and nothing else.
      if (who.kind === 'device' && (who.device.kind === 'display' || who.device.kind === 'rating')) return void socket.join(joined)
      // A kiosk sees the queue (waiting counts, services, open counters), not what is among staff.
      const kiosk = who.kind === 'device'
      const view = kiosk ? (s: QueueSnapshot) => forDevices(s) : (s: QueueSnapshot) => s
      joined.push(kiosk ? rooms.kiosks(siteId) : rooms.site(siteId))
      void socket.join(joined)
      snapshot(siteId).then(
        (first) => socket.emit('queue:snapshot', view(first)),
        (err: unknown) => app.log.error({ err }, 'snapshot failed'),
      )
      const requests = snapshotRequests(
        async () => view(await snapshot(siteId)),
        (err) => app.log.error({ err }, 'snapshot failed'),
      )
      socket.on('sync:request', (...args: unknown[]) => {
        const ack = payloadlessAck<QueueSnapshot>('sync:request', args)
        if (ack) requests.ask(ack)
      })
      socket.on('disconnect', () => requests.close())
    })

    const listeners: ((events: QueueEvent[]) => void)[] = []
    const committed: ((events: QueueEvent[]) => void)[] = []
    io.on('queue:committed', (events) => {
      for (const listener of committed) listener(events)
    })
    const realtime: Realtime = {
      io,
      snapshot,
      publish(events) {
        for (const event of events) {
          const siteId = event.payload.siteId
          ;(io.to(rooms.site(siteId)).emit as (name: string, payload: unknown) => boolean)(event.name, event.payload)
          ;(io.to(rooms.kiosks(siteId)).emit as (name: string, payload: unknown) => boolean)(event.name, forDevices(event.payload))
        }
        for (const listener of listeners) listener(events)
        for (const listener of committed) listener(events)
        // Fire and forget: with Redis away the other processes' phones catch up at their next poll.
        // One process (no REDIS_URL) has no others to tell, and its in-memory adapter cannot.
        if (events.length > 0 && app.redis.clients) io.serverSideEmit('queue:committed', events)
      },
      onPublished(listener) {
        listeners.push(listener)
      },
      onCommitted(listener) {
        committed.push(listener)
      },
      deviceStatus(siteId, status) {
        io.to(rooms.admins(siteId)).emit('device:status', status)
      },
      disconnectDevice(deviceId) {
        disconnectEverywhere(rooms.device(deviceId))
      },
      disconnectUser(userId) {
        disconnectEverywhere(rooms.user(userId))
      },
      disconnectSession(sessionId) {
        disconnectEverywhere(sessionRoom(sessionId))
      },
      disconnectUserExcept(userId, keepSessionId) {
        disconnectEverywhere(rooms.user(userId), sessionRoom(keepSessionId))
        return Promise.resolve()
      },
    }
    /**
     * Drops the sockets in `room` (but those also in `except`) here at once and on the other
     * processes through the adapter, without waiting for an answer: with Redis away the local ones
     * still go (the Redis adapter alone drops even this process's sockets only when its request
     * comes back from Redis), and a logout never hangs.
     */
    function disconnectEverywhere(room: string, except?: string): void {
      const local = io.local.in(room)
      const everywhere = io.in(room)
      ;(except ? local.except(except) : local).disconnectSockets(true)
      ;(except ? everywhere.except(except) : everywhere).disconnectSockets(true)
    }

    app.decorate('realtime', realtime)
    app.addHook('preClose', async () => {
      // This process's sockets only: through the adapter this would drop every screen of the province.
      io.local.disconnectSockets(true)
    })
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve, reject) => void io.close(() => resolve()).catch(reject))
    })
  },
  { name: 'realtime', dependencies: ['storage', 'auth', 'redis'] },
)
