/**
 * Keeps the display's board current from the display stream (shared/display-stream.ts): connects
 * over Socket.IO with the device token, takes the snapshot of what the board shows, applies each
 * step in seq order, and asks for a new snapshot when a step stays missing or the server says so.
 * Reconnects by itself after a server restart or a network blip. The board reads `state`,
 * `connection` and `now()`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/contract.js'
import { applyDisplaySteps, type DisplaySnapshot, type DisplayStep } from '../../shared/display-stream.js'
import type { ConnectionState } from '../../shared/web/queue-controller.js'

/**
 * How long a hole in the stream may stay open before it counts as lost. Longer than the server's
 * coalescing interval (250 ms), so that with several server processes a step that overtook an
 * earlier one from another process does not cost a resync.
 */
const GAP_GRACE_MS = 1_500
/** How long after a `sync:hint` the display may take to resync (every display hears it at once). */
const HINT_SPREAD_MS = 3_000
/** How long the display waits before asking again when a snapshot was refused or not answered. */
const RESYNC_RETRY_MS = 2_000

export interface DisplayStreamOptions {
  deviceToken: string
  /** Called for every step applied in order (e.g. to say calls), not for what a snapshot brings. */
  onStep?: (step: DisplayStep, state: DisplaySnapshot) => void
  /** Called whenever a fresh snapshot replaces the state. */
  onSnapshot?: (state: DisplaySnapshot) => void
}

export class DisplayStreamController implements ReactiveController {
  state: DisplaySnapshot | null = null
  connection: ConnectionState = 'connecting'
  /** Server clock minus this browser's clock, so the clock shows the server's time. */
  clockSkewMs = 0
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
  /** Steps received ahead of a missing one (or before the first snapshot). */
  private pending: DisplayStep[] = []
  private gapTimer: ReturnType<typeof setTimeout> | undefined
  private resyncing = false
  private resyncTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: DisplayStreamOptions,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      // WebSocket first, long-polling only where a proxy blocks WebSocket (see QueueController).
      transports: ['websocket', 'polling'],
      auth: { deviceToken: this.opts.deviceToken },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    })
    this.socket = socket
    socket.on('connect', () => this.setConnection('online'))
    socket.on('disconnect', (reason) => {
      this.setConnection('offline')
      // Steps held for a hole are worthless now: the next connection starts from a snapshot.
      this.pending = []
      clearTimeout(this.gapTimer)
      this.gapTimer = undefined
      // The server dropped us on purpose (settings changed, restart): come back by ourselves.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000)
    })
    socket.on('connect_error', (err) => {
      const refused = err.message === 'unauthorized' || err.message === 'device_revoked'
      this.setConnection(refused ? 'unauthorized' : 'offline')
      // The client does not retry refusals by the server's middleware: retry slowly anyway, so a
      // display comes back after an administrator fixes its registration.
      if (refused) setTimeout(() => socket.connect(), 30_000)
    })
    socket.on('display:snapshot', (snapshot) => this.replace(snapshot))
    socket.on('display:changed', (update) => this.receive(update.steps))
    // The server lost messages it cannot name (Redis was away): no later step need come to show a
    // hole, so take a new snapshot, at a random moment within a few seconds.
    socket.on('sync:hint', () => this.later(Math.random() * HINT_SPREAD_MS))
  }

  hostDisconnected(): void {
    clearTimeout(this.gapTimer)
    this.gapTimer = undefined
    clearTimeout(this.resyncTimer)
    this.resyncTimer = undefined
    this.socket?.removeAllListeners()
    this.socket?.disconnect()
    this.socket = null
  }

  /** Server time now, by this browser's clock corrected for skew. */
  now(): number {
    return Date.now() + this.clockSkewMs
  }

  /** Asks for a fresh snapshot of what the board shows. */
  resync(): void {
    if (!this.socket?.connected || this.resyncing) return
    this.resyncing = true
    this.socket.timeout(10_000).emit('display:sync', (err, res) => {
      this.resyncing = false
      if (!err && res.ok) return this.replace(res.data)
      // Refused (rationed, or the snapshot failed) or no answer: the board may still be behind
      // with nothing more to come that would show it. Ask again in a moment.
      this.later(RESYNC_RETRY_MS)
    })
  }

  /** Resyncs after `ms`, unless a resync is already waiting; `resync` does nothing once disconnected. */
  private later(ms: number): void {
    if (this.resyncTimer !== undefined) return
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined
      this.resync()
    }, ms)
  }

  private replace(snapshot: DisplaySnapshot): void {
    this.state = snapshot
    this.clockSkewMs = snapshot.serverTime - Date.now()
    this.opts.onSnapshot?.(snapshot)
    // Steps that arrived while the snapshot was on its way and are newer than it still apply.
    this.receive([])
    this.host.requestUpdate()
  }

  private receive(steps: DisplayStep[]): void {
    if (!this.state) {
      this.pending.push(...steps)
      return
    }
    const result = applyDisplaySteps(this.state, this.pending, steps)
    this.state = result.state
    this.pending = result.pending
    for (const step of result.applied) this.opts.onStep?.(step, result.state)
    if (result.applied.length > 0) this.host.requestUpdate()
    if (result.resync) {
      this.pending = []
      this.resync()
    }
    this.watchGap()
  }

  /** A hole that stays open past the grace period is a lost step: resync. */
  private watchGap(): void {
    if (this.pending.length === 0) {
      clearTimeout(this.gapTimer)
      this.gapTimer = undefined
      return
    }
    if (this.gapTimer !== undefined) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined
      if (this.pending.length > 0) this.resync()
    }, GAP_GRACE_MS)
  }

  private setConnection(state: ConnectionState): void {
    if (this.connection === state) return
    this.connection = state
    this.host.requestUpdate()
  }
}
