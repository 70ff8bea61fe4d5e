/**
 * Who this display is: its pairing token (kept in localStorage) and its settings from
 * `GET /api/device/me`. Keeps the last good settings through network errors and retries by itself,
 * so a TV that boots before the server comes up still starts unattended.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { deviceToken, fetchDeviceMe, isRefusal } from '../../shared/web/device-token.js'
import type { DeviceView, SiteView } from '../../shared/types.js'
import { displaySettings, type DisplaySettings } from './board.js'

export type PairingState = 'loading' | 'ready' | 'unpaired' | 'revoked' | 'not-display'

const RETRY_MS = 5_000
const REFUSED_RETRY_MS = 60_000

export class DeviceController implements ReactiveController {
  readonly token: string | null
  pairing: PairingState
  settings: DisplaySettings = displaySettings(null)
  device: DeviceView | null = null
  site: SiteView | null = null
  #timer: ReturnType<typeof setTimeout> | undefined
  #connected = false
  #loading = false

  constructor(private readonly host: ReactiveControllerHost) {
    this.token = deviceToken()
    this.pairing = this.token ? 'loading' : 'unpaired'
    host.addController(this)
  }

  hostConnected(): void {
    this.#connected = true
    void this.refresh()
  }

  hostDisconnected(): void {
    this.#connected = false
    clearTimeout(this.#timer)
  }

  /** Fetches the settings again, e.g. after a reconnect (an administrator may have changed them). */
  async refresh(): Promise<void> {
    if (!this.token || this.#loading || !this.#connected) return
    this.#loading = true
    clearTimeout(this.#timer)
    let retryIn = 0
    try {
      const me = await fetchDeviceMe(this.token)
      this.device = me.device
      this.site = me.site
      this.settings = displaySettings(me.device.config)
      this.pairing = me.device.kind === 'display' ? 'ready' : 'not-display'
    } catch (error) {
      const refused = isRefusal(error)
      if (refused) this.pairing = 'revoked'
      retryIn = refused ? REFUSED_RETRY_MS : RETRY_MS
    } finally {
      this.#loading = false
    }
    if (retryIn > 0 && this.#connected) this.#timer = setTimeout(() => void this.refresh(), retryIn)
    this.host.requestUpdate()
  }
}
