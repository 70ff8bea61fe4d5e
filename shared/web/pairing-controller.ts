/**
 * An unpaired kiosk or display pairs itself by a short code: it asks the server for a pairing
 * request (`POST /api/pairing`), shows the code, and asks every couple of seconds, with the secret
 * only it was given, whether an administrator confirmed it. Then it keeps the token and starts.
 *
 * When a code runs out the server says so and the device asks for a new one: the device never
 * judges expiry by its own clock (a TV's clock is often wrong). Through network failures it keeps
 * showing its code and keeps asking, every few seconds, unattended.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { DeviceKind } from '../constants.js'
import { api, ApiError } from './api.js'
import { storeDeviceToken } from './device-token.js'

export interface PairingCode {
  code: string
  /** The admin's confirm page, for the QR code. */
  confirmUrl: string
  /** How long the server still accepts the code, by the server's clock. */
  expiresInMs: number
}

interface Issued extends PairingCode {
  id: string
  secret: string
  pollMs: number
}

type PollAnswer = { status: 'pending'; code: string; expiresInMs: number } | { status: 'paired'; token: string; deviceName: string }

const RETRY_MS = 5_000
const RATE_LIMITED_RETRY_MS = 30_000

export class PairingController implements ReactiveController {
  /** The code on screen; null until the server gave one. */
  current: PairingCode | null = null
  /** False while the server cannot be reached (the code on screen may still be good). */
  reachable = true
  /** Set once confirmed: the name the administrator gave this device. */
  pairedAs: string | null = null
  #issued: Issued | null = null
  #timer: ReturnType<typeof setTimeout> | undefined
  #active = false

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly kind: DeviceKind,
    /** Whether the device wants a code now (it has no working token). */
    private readonly wanted: () => boolean,
    /** Called with the token once an administrator confirmed the code. */
    private readonly onPaired: (token: string) => void,
  ) {
    host.addController(this)
  }

  hostUpdate(): void {
    const want = this.wanted()
    if (want && !this.#active) {
      this.#active = true
      void this.ask()
    } else if (!want && this.#active) {
      this.stop()
    }
  }

  hostDisconnected(): void {
    this.stop()
  }

  private stop(): void {
    this.#active = false
    clearTimeout(this.#timer)
  }

  private schedule(ms: number, step: () => Promise<void>): void {
    clearTimeout(this.#timer)
    if (this.#active) this.#timer = setTimeout(() => void step(), ms)
  }

  private async ask(): Promise<void> {
    if (!this.#active) return
    try {
      const issued = await api<Issued>('/api/pairing', { body: { kind: this.kind }, timeoutMs: 8_000 })
      this.#issued = issued
      this.current = { code: issued.code, confirmUrl: issued.confirmUrl, expiresInMs: issued.expiresInMs }
      this.reachable = true
      this.schedule(issued.pollMs, () => this.poll())
    } catch (error) {
      this.reachable = false
      this.schedule(error instanceof ApiError && error.status === 429 ? RATE_LIMITED_RETRY_MS : RETRY_MS, () => this.ask())
    }
    this.host.requestUpdate()
  }

  private async poll(): Promise<void> {
    const issued = this.#issued
    if (!this.#active || !issued) return
    try {
      const answer = await api<PollAnswer>(`/api/pairing/${encodeURIComponent(issued.id)}/poll`, { body: { secret: issued.secret }, timeoutMs: 8_000 })
      this.reachable = true
      if (answer.status === 'paired') {
        this.stop()
        this.pairedAs = answer.deviceName
        storeDeviceToken(answer.token)
        this.host.requestUpdate()
        this.onPaired(answer.token)
        return
      }
      this.current = { code: answer.code, confirmUrl: issued.confirmUrl, expiresInMs: answer.expiresInMs }
      this.schedule(issued.pollMs, () => this.poll())
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'pairing_code_expired' || error.code === 'pairing_request_unknown')) {
        // Expired, or the server restarted and forgot it: show a new code at once.
        this.#issued = null
        this.reachable = true
        void this.ask()
        return
      }
      this.reachable = false
      this.schedule(error instanceof ApiError && error.status === 429 ? RATE_LIMITED_RETRY_MS : RETRY_MS, () => this.poll())
    }
    this.host.requestUpdate()
  }
}
