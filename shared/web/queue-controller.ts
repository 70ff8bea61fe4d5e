/**
 * Keeps a live copy of the site's queue in a Lit host: connects over Socket.IO, takes the
 * snapshot, applies each event in sequence, and asks for a new snapshot on any gap. Reconnects by
 * itself after a server restart or a network blip. A screen only reads `state` and `connection`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { io, type Socket } from 'socket.io-client'
import { QUEUE_EVENT_NAMES, type ClientToServerEvents, type HandshakeAuth, type QueueEvent, type ServerToClientEvents } from '../contract.js'
import { applyQueueEvent } from '../queue-state.js'
import type { QueueSnapshot } from '../types.js'

/** How long after a `sync:hint` a screen may take to resync. */
const HINT_SPREAD_MS = 3_000
/** How long a screen waits before asking again when a snapshot was refused or not answered. */
const RESYNC_RETRY_MS = 2_000

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized'

export interface QueueControllerOptions {
  /** Kiosks and displays; staff pages authenticate with their session cookie. */
  deviceToken?: string | null
  /** Called for every event applied in order (e.g. to announce calls), and not for replays. */
  onEvent?: (event: QueueEvent, state: QueueSnapshot) => void
  /** Called whenever a fresh snapshot replaces the state. */
  onSnapshot?: (state: QueueSnapshot) => void
  /** Extra events the host wants (print results, device status…). */
  extra?: (socket: Socket<ServerToClientEvents, ClientToServerEvents>) => void
}

export class QueueController implements ReactiveController {
  state: QueueSnapshot | null = null
  connection: ConnectionState = 'connecting'
  /** Server clock minus this browser's clock, so timers show the server's time. */
  clockSkewMs = 0
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
  private resyncing = false
  private hinted: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: QueueControllerOptions = {},
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    const auth: HandshakeAuth = this.opts.deviceToken ? { deviceToken: this.opts.deviceToken } : {}
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      // WebSocket first (every supported browser has it; one connection, no long-poll requests left
      // hanging when the server drops a client), long-polling only where a proxy blocks WebSocket.
      transports: ['websocket', 'polling'],
      auth,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      withCredentials: true,
    })
    this.socket = socket
    socket.on('connect', () => this.setConnection('online'))
    socket.on('disconnect', (reason) => {
      this.setConnection('offline')
      // The server dropped us on purpose (device settings changed, restart): come back by ourselves.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000)
    })
    socket.on('connect_error', (err) => {
      const refused = err.message === 'unauthorized' || err.message === 'device_revoked'
      this.setConnection(refused ? 'unauthorized' : 'offline')
      // Refusals by the server's middleware are not retried by the client: retry slowly anyway,
      // so a display comes back after an administrator fixes its registration.
      if (refused) setTimeout(() => socket.connect(), 30_000)
    })
    socket.on('queue:snapshot', (snapshot) => this.replace(snapshot))
    // Within a few seconds, at a random moment: every screen of the province hears the hint at once,
    // and hints from several server processes in a row end in one resync.
    socket.on('sync:hint', () => this.later(Math.random() * HINT_SPREAD_MS))
    for (const name of QUEUE_EVENT_NAMES) {
      ;(socket.on as (n: string, cb: (payload: unknown) => void) => void)(name, (payload) => this.apply({ name, payload } as QueueEvent))
    }
    this.opts.extra?.(socket)
  }

  hostDisconnected(): void {
    if (this.hinted !== null) clearTimeout(this.hinted)
    this.hinted = null
    this.socket?.removeAllListeners()
    this.socket?.disconnect()
    this.socket = null
  }

  /** Server time now, by this browser's clock corrected for skew. */
  now(): number {
    return Date.now() + this.clockSkewMs
  }

  /** Resyncs after `ms`, unless a resync is already waiting. */
  private later(ms: number): void {
    if (this.hinted !== null) return
    this.hinted = setTimeout(() => {
      this.hinted = null
      this.resync()
    }, ms)
  }

  /** Asks for a fresh snapshot, e.g. after a refused action suggests the screen is behind. */
  resync(): void {
    if (!this.socket?.connected || this.resyncing) return
    this.resyncing = true
    this.socket.timeout(10_000).emit('sync:request', (err, res) => {
      this.resyncing = false
      if (!err && res.ok) {
        this.replace(res.data)
        return
      }
      // Refused (rationed, or the snapshot failed) or no answer: the screen is still behind, and no
      // later event need come to show it. Ask again in a moment; `resync` does nothing once the
      // socket is gone (a new connection brings its own snapshot).
      this.later(RESYNC_RETRY_MS)
    })
  }

  private replace(snapshot: QueueSnapshot): void {
    this.state = snapshot
    this.clockSkewMs = snapshot.serverTime - Date.now()
    this.opts.onSnapshot?.(snapshot)
    this.host.requestUpdate()
  }

  private apply(event: QueueEvent): void {
    if (!this.state) return
    const result = applyQueueEvent(this.state, event)
    if (result.kind === 'resync') {
      this.resync()
      return
    }
    if (result.kind === 'stale') return
    this.state = result.state
    this.opts.onEvent?.(event, result.state)
    this.host.requestUpdate()
  }

  private setConnection(state: ConnectionState): void {
    if (this.connection === state) return
    this.connection = state
    this.host.requestUpdate()
  }
}
