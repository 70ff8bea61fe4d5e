/**
 * Who this kiosk is (its token, settings and site from `GET /api/device/me`) and which services
 * can issue right now (`GET /api/queue/availability`). Keeps the last good answer through network
 * errors and keeps asking by itself, so a kiosk that boots before the server starts unattended.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { api } from '../../shared/web/api.js'
import { deviceToken, fetchDeviceMe, isRefusal } from '../../shared/web/device-token.js'
import type { DeviceView, ServiceAvailability, SiteView } from '../../shared/types.js'

export type Pairing = 'loading' | 'ready' | 'unpaired' | 'not-kiosk'

/** Availability changes with the clock (opening hours) as well as with events. */
const POLL_MS = 30_000
const RETRY_MS = 5_000
const REFUSED_RETRY_MS = 60_000
/** Events come in bursts (a counter calls, serves, finishes): one fetch per burst. */
const DEBOUNCE_MS = 1_000

export class KioskDeviceController implements ReactiveController {
  readonly token: string | null
  pairing: Pairing
  device: DeviceView | null = null
  site: SiteView | null = null
  availability = new Map<number, ServiceAvailability>()
  /** False while the server cannot be reached over HTTP. */
  reachable = true
  #poll: ReturnType<typeof setTimeout> | undefined
  #debounce: ReturnType<typeof setTimeout> | undefined
  #connected = false

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
    clearTimeout(this.#poll)
    clearTimeout(this.#debounce)
  }

  /** Fetches settings and availability now, e.g. after a reconnect (settings may have changed). */
  async refresh(): Promise<void> {
    if (!this.token || !this.#connected) return
    clearTimeout(this.#poll)
    let next = POLL_MS
    try {
      const me = await fetchDeviceMe(this.token)
      this.device = me.device
      this.site = me.site
      this.pairing = me.device.kind === 'kiosk' ? 'ready' : 'not-kiosk'
      if (this.pairing === 'ready') await this.loadAvailability()
      this.reachable = true
    } catch (error) {
      next = this.failed(error) ? REFUSED_RETRY_MS : RETRY_MS
    }
    this.schedule(next)
    this.host.requestUpdate()
  }

  /** Asks for availability again soon; many calls in a burst make one request. */
  availabilityChanged(): void {
    clearTimeout(this.#debounce)
    this.#debounce = setTimeout(() => {
      if (this.pairing !== 'ready') return
      this.loadAvailability().then(
        () => {
          this.reachable = true
          this.host.requestUpdate()
        },
        (error: unknown) => {
          this.failed(error)
          this.host.requestUpdate()
        },
      )
    }, DEBOUNCE_MS)
  }

  private async loadAvailability(): Promise<void> {
    const res = await api<{ services: ServiceAvailability[] }>('/api/queue/availability', { deviceToken: this.token, timeoutMs: 8_000 })
    this.availability = new Map(res.services.map((s) => [s.serviceId, s]))
  }

  /** Records a failure; true when the server refused this device (unpaired or revoked). */
  private failed(error: unknown): boolean {
    const refused = isRefusal(error)
    if (refused) this.pairing = 'unpaired'
    else this.reachable = false
    return refused
  }

  private schedule(ms: number): void {
    clearTimeout(this.#poll)
    if (this.#connected) this.#poll = setTimeout(() => void this.refresh(), ms)
  }
}
