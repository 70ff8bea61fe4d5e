/**
 * Keeps the rating device's state current: connects over Socket.IO with the device token and takes
 * every `rating:state` the server sends for its counter (rating-devices.ts on the server). The state
 * is whole each time, so a reconnect after a server restart or a network blip needs nothing more
 * than the state sent on connect.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, RatingDeviceState, ServerToClientEvents } from '../../../shared/contract.js'
import type { ConnectionState } from '../../../shared/web/queue-controller.js'

export class RatingStreamController implements ReactiveController {
  state: RatingDeviceState | null = null
  connection: ConnectionState = 'connecting'
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
  private retry: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deviceToken: string,
    private readonly onState: (state: RatingDeviceState) => void,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      auth: { deviceToken: this.deviceToken },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    })
    this.socket = socket
    socket.on('connect', () => this.setConnection('online'))
    socket.on('disconnect', (reason) => {
      this.setConnection('offline')
      // The server dropped us on purpose (settings changed, restart): come back by ourselves.
      if (reason === 'io server disconnect') this.later(1000)
    })
    socket.on('connect_error', (err) => {
      const refused = err.message === 'unauthorized' || err.message === 'device_revoked'
      this.setConnection(refused ? 'unauthorized' : 'offline')
      // The client does not retry refusals by the server's middleware: retry slowly anyway.
      if (refused) this.later(30_000)
    })
    socket.on('rating:state', (state) => {
      this.state = state
      this.onState(state)
      this.host.requestUpdate()
    })
  }

  hostDisconnected(): void {
    clearTimeout(this.retry)
    this.socket?.removeAllListeners()
    this.socket?.disconnect()
    this.socket = null
  }

  private later(ms: number): void {
    clearTimeout(this.retry)
    this.retry = setTimeout(() => this.socket?.connect(), ms)
  }

  private setConnection(state: ConnectionState): void {
    if (this.connection === state) return
    this.connection = state
    this.host.requestUpdate()
  }
}
