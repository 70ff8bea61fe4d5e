/**
 * Calls `onIdle` when nobody has touched the kiosk for a while, so the next citizen finds the
 * home screen in Vietnamese rather than the previous person's half-finished choice.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

const EVENTS = ['pointerdown', 'keydown'] as const

export class IdleController implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined
  readonly #touched = () => this.restart()

  constructor(
    host: ReactiveControllerHost,
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    for (const name of EVENTS) window.addEventListener(name, this.#touched, { passive: true, capture: true })
    this.restart()
  }

  hostDisconnected(): void {
    for (const name of EVENTS) window.removeEventListener(name, this.#touched, { capture: true })
    clearTimeout(this.#timer)
  }

  restart(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.onIdle(), this.idleMs)
  }
}
