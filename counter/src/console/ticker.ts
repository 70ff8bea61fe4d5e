/** Re-renders its host every second while connected, so running timers tick. */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

export class TickController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly everyMs = 1000,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    this.timer = setInterval(() => this.host.requestUpdate(), this.everyMs)
  }

  hostDisconnected(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}
