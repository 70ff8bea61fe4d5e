/**
 * The rating device on a counter's desk: a tablet or small screen paired like a kiosk, set to one
 * counter. It shows the counter's officer and the number being served; when the officer finishes a
 * visit it asks the citizen to rate it on the centre's scale, asks why after an unsatisfied answer
 * (the centre's list of reasons), thanks, and goes back to idle by itself. Before it gives up on a
 * question it warns for ten seconds, so that a slow reader can ask for more time with a touch.
 */
import { LitElement, css, html, nothing, svg } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { RatingDeviceState } from '../../../shared/contract.js'
import { levelsOf, RATING_LABELS, UNSATISFIED_LEVEL } from '../../../shared/ratings.js'
import { api, ApiError } from '../../../shared/web/api.js'
import { DeviceController } from '../../../shared/web/device-controller.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { pairingScreen } from '../pairing-screen.js'
import { t, type RatingMessageKey } from './messages.js'
import { RatingStreamController } from './rating-stream-controller.js'

/** How long a question waits for an answer, and how much of it the warning takes. */
export const ASK_MS = 60_000
export const WARN_MS = 10_000
/** How long the thanks stay before the device returns to idle. */
export const THANKS_MS = 6_000

type Screen = 'idle' | 'ask' | 'reasons' | 'sending' | 'thanks'

const TONES: Record<number, string> = { 5: '#067647', 4: '#3b8c2a', 3: '#5b6b80', 2: '#c2580c', 1: '#b42318' }

/** A face for each level: the mouth curves from a smile (5) to a frown (1). */
function face(level: number) {
  const curve = (level - 3) * 7
  return svg`<svg viewBox="0 0 64 64" aria-hidden="true">
    <circle cx="32" cy="32" r="29" fill="none" stroke="currentColor" stroke-width="4" />
    <circle cx="22" cy="26" r="4" fill="currentColor" /><circle cx="42" cy="26" r="4" fill="currentColor" />
    <path d="M18 ${44 - curve / 2} Q32 ${44 + curve} 46 ${44 - curve / 2}" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" />
  </svg>`
}

@customElement('qms-rating-app')
export class QmsRatingApp extends LitElement {
  private readonly device = new DeviceController(this, 'rating', { pollMs: 60_000 })
  private readonly stream: RatingStreamController | null = this.device.token
    ? new RatingStreamController(this, this.device.token, (s) => this.received(s))
    : null

  @state() private screen: Screen = 'idle'
  @state() private language: Lang = 'vi'
  /** The visit being asked about. */
  @state() private asking: NonNullable<RatingDeviceState['ask']> | null = null
  @state() private level = 0
  @state() private picked: string[] = []
  @state() private failed = false
  /** Seconds left while the idle warning shows, else 0. */
  @state() private warning = 0

  /** Visits answered or given up on: the server may still name them for a while. */
  private readonly done = new Set<number>()
  private deadline = 0
  private ticker: ReturnType<typeof setInterval> | undefined
  private thanksTimer: ReturnType<typeof setTimeout> | undefined
  private readonly touched = () => {
    if (this.screen === 'ask' || this.screen === 'reasons') this.extend()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('pointerdown', this.touched, { capture: true, passive: true })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('pointerdown', this.touched, { capture: true })
    clearInterval(this.ticker)
    clearTimeout(this.thanksTimer)
  }

  private tr(key: RatingMessageKey, params: Record<string, string | number> = {}): string {
    return t(this.language, key, params)
  }

  private received(s: RatingDeviceState): void {
    const ask = s.ask && !this.done.has(s.ask.ticketId) ? s.ask : null
    if (this.screen === 'sending' || this.screen === 'thanks') return
    if (!ask) {
      // Answered elsewhere (the phone), or the counter called the next number: the question goes.
      if (this.screen !== 'idle') this.idle()
      return
    }
    if (this.asking?.ticketId !== ask.ticketId) this.ask(ask)
  }

  private ask(ask: NonNullable<RatingDeviceState['ask']>): void {
    this.asking = ask
    this.level = 0
    this.picked = []
    this.failed = false
    this.screen = 'ask'
    this.extend()
    clearInterval(this.ticker)
    this.ticker = setInterval(() => this.tick(), 250)
  }

  /** A touch: the question waits its full time again. */
  private extend(): void {
    this.deadline = Date.now() + ASK_MS
    this.warning = 0
  }

  private tick(): void {
    const left = this.deadline - Date.now()
    if (left <= 0) {
      if (this.asking) this.done.add(this.asking.ticketId)
      this.idle()
      return
    }
    this.warning = left <= WARN_MS ? Math.ceil(left / 1000) : 0
  }

  private idle(): void {
    clearInterval(this.ticker)
    clearTimeout(this.thanksTimer)
    this.ticker = undefined
    this.asking = null
    this.warning = 0
    this.screen = 'idle'
    this.language = 'vi'
  }

  private choose(level: number): void {
    this.level = level
    if (level <= UNSATISFIED_LEVEL && (this.stream?.state?.reasons.length ?? 0) > 0) {
      this.picked = []
      this.screen = 'reasons'
      return
    }
    void this.send()
  }

  private toggle(reason: string): void {
    this.picked = this.picked.includes(reason) ? this.picked.filter((r) => r !== reason) : [...this.picked, reason]
  }

  private async send(): Promise<void> {
    const ask = this.asking
    if (!ask || !this.device.token) return
    const back = this.screen
    this.screen = 'sending'
    this.failed = false
    try {
      await api('/api/rating-device/ratings', {
        method: 'POST',
        deviceToken: this.device.token,
        timeoutMs: 10_000,
        body: { ticketId: ask.ticketId, score: this.level, ...(this.level <= UNSATISFIED_LEVEL ? { reasons: this.picked } : {}) },
      })
    } catch (error) {
      // Refused for good (rated already, from the phone; the day is over): thank and move on.
      // Not sent (the network): the citizen may tap again.
      if (!(error instanceof ApiError) || error.status >= 500 || error.status === 429) {
        this.failed = true
        this.screen = back
        this.extend()
        return
      }
    }
    this.done.add(ask.ticketId)
    clearInterval(this.ticker)
    this.warning = 0
    this.screen = 'thanks'
    this.thanksTimer = setTimeout(() => this.idle(), THANKS_MS)
  }

  override render() {
    if (this.device.needsCode()) return this.renderPairing()
    if (this.device.state === 'wrong-kind') return this.renderNotice(this.tr('notRatingTitle'), this.tr('notRatingBody'), 'not-rating')
    const s = this.stream?.state
    if (s && s.counter === null) return this.renderNotice(this.tr('noCounterTitle'), this.tr('noCounterBody'), 'no-counter')
    return html`<div class="screen" data-screen=${this.screen}>
      ${this.renderHeader(s ?? null)}
      <main>${this.renderMain(s ?? null)}</main>
      ${this.warning > 0 ? this.renderWarning() : nothing}
      ${this.stream && this.stream.connection !== 'online' && s ? html`<div class="offline" role="status" data-testid="offline">${this.tr('offline')}</div>` : nothing}
    </div>`
  }

  private renderHeader(s: RatingDeviceState | null) {
    const site = this.device.site
    const name = this.language === 'en' && site?.nameEn ? site.nameEn : (site?.name ?? '')
    return html`<header>
      <div class="site">${name}</div>
      ${s?.counter ? html`<div class="counter" data-testid="counter">${this.tr('counter', { number: s.counter.number })}</div>` : nothing}
      ${
        this.screen === 'idle'
          ? nothing
          : html`<button class="lang" data-testid="lang" @click=${() => (this.language = this.language === 'vi' ? 'en' : 'vi')}>${this.tr('otherLanguage')}</button>`
      }
    </header>`
  }

  private renderMain(s: RatingDeviceState | null) {
    if (this.screen === 'thanks') {
      return html`<section class="thanks" data-testid="thanks">
        <div class="tick" aria-hidden="true">✓</div>
        <h1>${this.tr('thanks')}</h1>
        <p>${this.tr('thanksHint')}</p>
      </section>`
    }
    if ((this.screen === 'ask' || this.screen === 'sending') && this.asking && this.level === 0) return this.renderQuestion(s)
    if ((this.screen === 'reasons' || this.screen === 'sending') && this.asking) return this.renderReasons(s)
    return this.renderIdle(s)
  }

  private renderIdle(s: RatingDeviceState | null) {
    const staff = s?.staffName
    return html`<section class="idle" data-testid="idle">
      ${staff ? html`<div class="officer"><span class="label">${this.tr('officer')}</span><strong data-testid="officer">${staff}</strong></div>` : nothing}
      ${
        s?.serving
          ? html`<div class="serving">
            <span class="label">${this.tr(s.serving.status === 'called' ? 'called' : 'serving')}</span>
            <strong class="number" data-testid="serving">${s.serving.number}</strong>
          </div>`
          : html`<div class="welcome"><h1>${this.tr('welcome')}</h1><p>${this.tr('welcomeHint')}</p></div>`
      }
    </section>`
  }

  private renderQuestion(s: RatingDeviceState | null) {
    const ask = this.asking!
    const levels = levelsOf(s?.scale ?? 5)
    const busy = this.screen === 'sending'
    return html`<section class="question" data-testid="question">
      <h1>${this.tr('question')}</h1>
      <p class="sub">${ask.staffName ? html`<strong>${ask.staffName}</strong> · ` : nothing}${this.tr('questionNumber', { number: ask.number, counter: s?.counter?.number ?? '' })}</p>
      ${this.failed ? html`<p class="error" role="alert">${this.tr('sendFailed')}</p>` : nothing}
      <div class="levels" style=${`--n:${levels.length}`}>
        ${levels.map(
          (level) =>
            html`<button class="level" data-level=${level} ?disabled=${busy} style=${`--tone:${TONES[level]}`} @click=${() => this.choose(level)}>
              ${face(level)}<span>${RATING_LABELS[this.language][level]}</span>
            </button>`,
        )}
      </div>
    </section>`
  }

  private renderReasons(s: RatingDeviceState | null) {
    const reasons = s?.reasons ?? []
    const busy = this.screen === 'sending'
    return html`<section class="reasons" data-testid="reasons">
      <h1>${this.tr('reasonsTitle')}</h1>
      <p class="sub">${this.tr('reasonsHint')}</p>
      ${this.failed ? html`<p class="error" role="alert">${this.tr('sendFailed')}</p>` : nothing}
      <div class="choices">
        ${reasons.map(
          (r) =>
            html`<button class="choice" aria-pressed=${this.picked.includes(r.vi) ? 'true' : 'false'} data-reason=${r.vi} ?disabled=${busy} @click=${() => this.toggle(r.vi)}>
              <span class="box" aria-hidden="true">${this.picked.includes(r.vi) ? '✓' : ''}</span>${this.language === 'en' && r.en ? r.en : r.vi}
            </button>`,
        )}
      </div>
      <div class="actions">
        <button class="send" data-testid="send" ?disabled=${busy} @click=${() => void this.send()}>
          ${busy ? this.tr('sending') : this.picked.length > 0 ? this.tr('send') : this.tr('skip')}
        </button>
      </div>
    </section>`
  }

  private renderWarning() {
    return html`<div class="warning" role="alert" data-testid="idle-warning" @pointerdown=${() => this.extend()}>
      <div class="warning-card">
        <strong>${this.tr('idleWarning', { s: this.warning })}</strong>
        <span>${this.tr('idleWarningHint')}</span>
      </div>
    </div>`
  }

  private renderNotice(title: string, body: string, id: string) {
    return html`<div class="notice" data-testid=${id}><h1>${title}</h1><p>${body}</p></div>`
  }

  private renderPairing() {
    return pairingScreen(this.device.code, t)
  }

  static override styles = css`
    :host {
      display: block;
      height: 100%;
      --brand: #0b4f8a;
      --ink: #0f1f33;
      --muted: #56667d;
      --pair-panel: #ffffff;
      --pair-ink: #0f1f33;
      --pair-muted: #56667d;
      --pair-accent: #0b4f8a;
    }
    .screen {
      position: relative;
      display: flex;
      flex-direction: column;
      height: 100vh;
    }
    header {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 1.6vmin 3vmin;
      background: var(--brand);
      color: #fff;
      font-size: 2.6vmin;
    }
    header .site {
      flex: 1;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    header .counter {
      font-weight: 800;
      font-size: 3.4vmin;
      background: #fff;
      color: var(--brand);
      border-radius: 1vmin;
      padding: 0.4vmin 2vmin;
    }
    header .lang {
      font: inherit;
      font-size: 2.4vmin;
      background: transparent;
      color: #fff;
      border: 2px solid rgba(255, 255, 255, 0.7);
      border-radius: 99px;
      padding: 1vmin 2.6vmin;
      min-height: 48px;
    }
    main {
      flex: 1;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 3vmin 4vmin;
      min-height: 0;
    }
    section {
      width: 100%;
      text-align: center;
    }
    h1 {
      margin: 0 0 1.5vmin;
      font-size: 5vmin;
      line-height: 1.2;
    }
    .sub {
      margin: 0 0 3vmin;
      font-size: 3vmin;
      color: var(--muted);
    }
    .label {
      display: block;
      font-size: 3vmin;
      color: var(--muted);
    }
    .idle {
      display: grid;
      gap: 4vmin;
    }
    .officer strong {
      display: block;
      font-size: 6vmin;
      line-height: 1.2;
    }
    .serving .number {
      display: block;
      font-size: 22vmin;
      font-weight: 800;
      line-height: 1;
      color: var(--brand);
      letter-spacing: 0.02em;
    }
    .welcome h1 {
      font-size: 7vmin;
      color: var(--brand);
    }
    .welcome p {
      font-size: 3.4vmin;
      color: var(--muted);
      max-width: 40em;
      margin: 0 auto;
    }
    .levels {
      display: grid;
      grid-template-columns: repeat(var(--n), 1fr);
      gap: 2vmin;
    }
    .level {
      font: inherit;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 1.5vmin;
      min-height: 30vmin;
      padding: 2vmin 1vmin;
      border-radius: 2.5vmin;
      border: 0.6vmin solid var(--tone);
      background: #fff;
      color: var(--tone);
      font-size: 3.2vmin;
      font-weight: 700;
      line-height: 1.2;
      box-shadow: 0 0.4vmin 1.2vmin rgba(15, 31, 51, 0.12);
    }
    .level svg {
      width: 13vmin;
      height: 13vmin;
    }
    .level:active {
      background: var(--tone);
      color: #fff;
    }
    @media (orientation: portrait) {
      .levels {
        grid-template-columns: 1fr;
      }
      .level {
        flex-direction: row;
        justify-content: flex-start;
        min-height: 11vh;
        padding: 1vmin 4vmin;
        font-size: 4.4vmin;
        gap: 4vmin;
      }
      .level svg {
        width: 9vh;
        height: 9vh;
      }
      h1 {
        font-size: 6vmin;
      }
    }
    .choices {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 34vmin), 1fr));
      gap: 2vmin;
      text-align: left;
    }
    .choice {
      font: inherit;
      display: flex;
      align-items: center;
      gap: 2vmin;
      min-height: 11vmin;
      padding: 1.5vmin 2.5vmin;
      border-radius: 2vmin;
      border: 0.4vmin solid #c9d3e3;
      background: #fff;
      color: var(--ink);
      font-size: 3.4vmin;
      font-weight: 600;
      text-align: left;
    }
    .choice[aria-pressed='true'] {
      border-color: var(--brand);
      background: #e7f0fa;
    }
    .box {
      flex: none;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 5vmin;
      height: 5vmin;
      border: 0.4vmin solid var(--brand);
      border-radius: 1vmin;
      color: #fff;
      font-weight: 800;
    }
    .choice[aria-pressed='true'] .box {
      background: var(--brand);
    }
    .actions {
      margin-top: 3vmin;
    }
    .send {
      font: inherit;
      font-size: 3.8vmin;
      font-weight: 700;
      min-height: 11vmin;
      min-width: 50%;
      padding: 1.5vmin 5vmin;
      border-radius: 2vmin;
      border: 0;
      background: var(--brand);
      color: #fff;
    }
    .thanks .tick {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 22vmin;
      height: 22vmin;
      border-radius: 50%;
      background: #067647;
      color: #fff;
      font-size: 14vmin;
      margin-bottom: 3vmin;
    }
    .thanks h1 {
      font-size: 6.5vmin;
      color: #067647;
    }
    .thanks p {
      font-size: 3.4vmin;
      color: var(--muted);
    }
    .error {
      color: #b42318;
      font-size: 3vmin;
      font-weight: 600;
    }
    .warning {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: flex-end;
      justify-content: center;
      padding-bottom: 6vmin;
      background: rgba(15, 31, 51, 0.35);
    }
    .warning-card {
      display: grid;
      gap: 1vmin;
      text-align: center;
      background: #fff5e8;
      border: 0.6vmin solid #b45309;
      color: #8a3c04;
      border-radius: 2.5vmin;
      padding: 3vmin 7vmin;
      box-shadow: 0 1vmin 3vmin rgba(0, 0, 0, 0.25);
    }
    .warning-card strong {
      font-size: 6vmin;
    }
    .warning-card span {
      font-size: 4vmin;
      font-weight: 600;
    }
    .offline {
      position: absolute;
      left: 50%;
      bottom: 1.5vmin;
      transform: translateX(-50%);
      background: #fdecea;
      color: #b42318;
      border-radius: 99px;
      padding: 0.8vmin 3vmin;
      font-size: 2.4vmin;
      font-weight: 600;
    }
    .notice {
      max-width: 48rem;
      margin: 12vh auto 0;
      padding: 4vmin;
      text-align: center;
    }
    .notice h1 {
      color: #b42318;
    }
    .notice p {
      font-size: 3vmin;
      color: var(--muted);
    }
    .pairing {
      height: 100vh;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 2vmin;
      box-sizing: border-box;
    }
    .pairing h1 {
      font-size: 4vmin;
    }
    .en-line {
      display: block;
      color: var(--muted);
      font-weight: 400;
      font-size: 0.85em;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-rating-app': QmsRatingApp
  }
}
