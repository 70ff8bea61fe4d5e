/**
 * Who this kiosk or display is, and its pairing: the token kept on the device (device-token.ts), its
 * record and site from `GET /api/device/me`, and, while it has no working token, the short code an
 * administrator confirms (pairing-controller.ts); once confirmed the page starts again with the token.
 *
 * It keeps the last good answer through network errors and keeps asking by itself, so a device that
 * boots before the server comes up starts unattended. A refused token is asked about again, slowly:
 * an administrator may restore it, or pair the device anew by its code meanwhile.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { DeviceKind } from '../constants.js'
import type { DeviceView, SiteView } from '../types.js'
import { deviceToken, fetchDeviceMe, isRefusal, type DeviceMe } from './device-token.js'
import { PairingController } from './pairing-controller.js'

/**
 * `unpaired`: no token on this device; `revoked`: the server refused its token (revoked, or never
 * known); `wrong-kind`: a display's link opened on a kiosk or the other way round.
 */
export type DeviceState = 'loading' | 'ready' | 'unpaired' | 'revoked' | 'wrong-kind'

const RETRY_MS = 5_000
const REFUSED_RETRY_MS = 60_000

export interface DeviceOptions {
  /** Ask again this often while all is well (0: only after a failure). */
  pollMs?: number
  /** Besides a missing or refused token, when the device should show a pairing code (its socket was refused). */
  needsCode?: () => boolean
}

export class DeviceController implements ReactiveController {
  readonly token: string | null
  state: DeviceState
  device: DeviceView | null = null
  site: SiteView | null = null
  /** False while the server cannot be reached over HTTP. */
  reachable = true
  /** The pairing code shown while the device has no working token. */
  readonly code: PairingController
  #timer: ReturnType<typeof setTimeout> | undefined
  #connected = false
  #loading = false

  constructor(
    protected readonly host: ReactiveControllerHost,
    readonly kind: DeviceKind,
    private readonly options: DeviceOptions = {},
  ) {
    this.token = deviceToken()
    this.state = this.token ? 'loading' : 'unpaired'
    host.addController(this)
    this.code = new PairingController(
      host,
      kind,
      () => this.needsCode(),
      () => location.reload(),
    )
  }

  /** True while the device shows its pairing code instead of its screen. */
  needsCode(): boolean {
    return this.state === 'unpaired' || this.state === 'revoked' || (this.options.needsCode?.() ?? false)
  }

  hostConnected(): void {
    this.#connected = true
    void this.refresh()
  }

  hostDisconnected(): void {
    this.#connected = false
    clearTimeout(this.#timer)
  }

  /** Asks the server again now, e.g. after a reconnect (an administrator may have changed the settings). */
  async refresh(): Promise<void> {
    if (!this.token || this.#loading || !this.#connected) return
    this.#loading = true
    clearTimeout(this.#timer)
    let next = this.options.pollMs ?? 0
    try {
      const me = await fetchDeviceMe(this.token)
      this.device = me.device
      this.site = me.site
      this.state = me.device.kind === this.kind ? 'ready' : 'wrong-kind'
      await this.loaded(me)
      this.reachable = true
    } catch (error) {
      next = this.failed(error) ? REFUSED_RETRY_MS : RETRY_MS
    } finally {
      this.#loading = false
    }
    if (next > 0 && this.#connected) this.#timer = setTimeout(() => void this.refresh(), next)
    this.host.requestUpdate()
  }

  /** After each good answer: what the device loads besides (a kiosk: which services issue now). It may throw as the fetch would. */
  protected loaded(_me: DeviceMe): Promise<void> | void {}

  /** Records a failure; true when the server refused this device's token. */
  protected failed(error: unknown): boolean {
    const refused = isRefusal(error)
    if (refused) this.state = 'revoked'
    else this.reachable = false
    return refused
  }
}
