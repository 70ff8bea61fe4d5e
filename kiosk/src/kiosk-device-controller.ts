/**
 * The kiosk as a device (shared/web/device-controller.ts: its token, settings, site and pairing
 * code), plus which services can issue right now (`GET /api/queue/availability`), asked again with
 * every answer about the device and soon after queue events.
 */
import type { ReactiveControllerHost } from 'lit'
import { api } from '../../shared/web/api.js'
import { DeviceController } from '../../shared/web/device-controller.js'
import type { ServiceAvailability } from '../../shared/types.js'

/** Availability changes with the clock (opening hours) as well as with events. */
const POLL_MS = 30_000
/** Events come in bursts (a counter calls, serves, finishes): one fetch per burst. */
const DEBOUNCE_MS = 1_000

export class KioskDeviceController extends DeviceController {
  availability = new Map<number, ServiceAvailability>()
  #debounce: ReturnType<typeof setTimeout> | undefined

  constructor(host: ReactiveControllerHost) {
    super(host, 'kiosk', { pollMs: POLL_MS })
  }

  override hostDisconnected(): void {
    super.hostDisconnected()
    clearTimeout(this.#debounce)
  }

  /** Asks for availability again soon; many calls in a burst make one request. */
  availabilityChanged(): void {
    clearTimeout(this.#debounce)
    this.#debounce = setTimeout(() => {
      if (this.state !== 'ready') return
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

  protected override async loaded(): Promise<void> {
    if (this.state === 'ready') await this.loadAvailability()
  }

  private async loadAvailability(): Promise<void> {
    const res = await api<{ services: ServiceAvailability[] }>('/api/queue/availability', { deviceToken: this.token, timeoutMs: 8_000 })
    this.availability = new Map(res.services.map((s) => [s.serviceId, s]))
  }
}
