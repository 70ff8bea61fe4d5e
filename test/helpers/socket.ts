/** Real socket.io-client connections to a listening test server, and a way to wait for events. */
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, HandshakeAuth, QueueEvent, QueueEventName, ServerToClientEvents } from '../../shared/contract.js'
import { QUEUE_EVENT_NAMES } from '../../shared/contract.js'
import type { QueueSnapshot } from '../../shared/types.js'
import type { DisplaySnapshot, DisplayUpdate } from '../../shared/display-stream.js'
import type { Tap } from './build.js'

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface Listener {
  socket: ClientSocket
  snapshot: Promise<QueueSnapshot>
  /** Every queue event received, in arrival order. */
  events: QueueEvent[]
  /** Resolves when `count` events have arrived in total. */
  waitForEvents(count: number, timeoutMs?: number): Promise<QueueEvent[]>
  /** A display's first snapshot (displays get theirs instead of `snapshot`). */
  displaySnapshot: Promise<DisplaySnapshot>
  /** Every display stream message received, in arrival order. */
  displayUpdates: DisplayUpdate[]
  /** The name and payload of everything the socket received, in arrival order. */
  received: { name: string; payload: unknown }[]
}

export function connect(t: Tap, url: string, opts: { auth?: HandshakeAuth; cookie?: string } = {}): Listener {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: opts.auth ?? {},
    forceNew: true,
    reconnection: false,
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
  })
  t.teardown(() => {
    socket.disconnect()
  })
  const events: QueueEvent[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  for (const name of QUEUE_EVENT_NAMES) {
    ;(socket.on as (n: string, cb: (p: unknown) => void) => void)(name, (payload) => {
      events.push({ name: name as QueueEventName, payload } as QueueEvent)
      for (const w of waiters.filter((w) => events.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    })
  }
  const snapshot = new Promise<QueueSnapshot>((resolve, reject) => {
    socket.once('queue:snapshot', resolve)
    socket.once('connect_error', reject)
  })
  const displaySnapshot = new Promise<DisplaySnapshot>((resolve, reject) => {
    socket.once('display:snapshot', resolve)
    socket.once('connect_error', reject)
  })
  // Unhandled when the test waits for the other kind of snapshot.
  snapshot.catch(() => {})
  displaySnapshot.catch(() => {})
  const displayUpdates: DisplayUpdate[] = []
  socket.on('display:changed', (update) => displayUpdates.push(update))
  const received: { name: string; payload: unknown }[] = []
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }))
  return {
    socket,
    snapshot,
    displaySnapshot,
    displayUpdates,
    received,
    events,
    waitForEvents(count, timeoutMs = 10_000) {
      if (events.length >= count) return Promise.resolve(events.slice())
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events arrived`)), timeoutMs)
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve(events.slice())
          },
        })
      })
    },
  }
}

export function connectError(url: string, auth: HandshakeAuth): Promise<string> {
  return new Promise((resolve) => {
    const socket: ClientSocket = io(url, { path: '/socket.io', transports: ['websocket'], auth, forceNew: true, reconnection: false })
    socket.once('connect_error', (err) => {
      socket.disconnect()
      resolve(err.message)
    })
    socket.once('connect', () => {
      socket.disconnect()
      resolve('connected')
    })
  })
}

/** A display's resync: the snapshot of what it shows. */
export function requestDisplaySync(socket: ClientSocket): Promise<DisplaySnapshot> {
  return new Promise((resolve, reject) => {
    socket.timeout(5000).emit('display:sync', (err, res) => {
      if (err) return reject(err)
      if (!res.ok) return reject(new Error(res.code))
      resolve(res.data)
    })
  })
}

export function requestSync(socket: ClientSocket): Promise<QueueSnapshot> {
  return new Promise((resolve, reject) => {
    socket.timeout(5000).emit('sync:request', (err, res) => {
      if (err) return reject(err)
      if (!res.ok) return reject(new Error(res.code))
      resolve(res.data)
    })
  })
}
