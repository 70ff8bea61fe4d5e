/**
 * The waiting-room display: pairs with the server, keeps the queue live, draws the board and says
 * each call. Runs unattended for weeks, so everything it starts it also stops (controllers,
 * timers, the audio element).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { DisplaySnapshot, DisplayStep } from '../../shared/display-stream.js'
import type { CallView } from '../../shared/types.js'
import { boardCalls, callKey, counterRows, showsCounter, waitingRows, type Theme } from './board.js'
import { DisplayDeviceController } from './device-controller.js'
import { DisplayStreamController } from './display-stream-controller.js'
import { VoiceController } from './voice-controller.js'
import './qms-clock.js'
import './qms-counter-board.js'
import './qms-latest-call.js'
import './qms-notice-ticker.js'
import './qms-recent-calls.js'
import './qms-sound-button.js'
import './qms-status-screen.js'
import { waitingStripRows } from './qms-waiting-services.js'
import { t } from './messages.js'

/** How long a new call stays highlighted. */
const FLASH_MS = 8_000
/** Calls offered to the list under the highlighted one (it shows the rows that fit, at most two). */
const RECENT_SHOWN = 6
/** A call missed while offline is still said after reconnecting if it is at most this old. */
const MISSED_CALL_MAX_AGE_MS = 2 * 60_000

@customElement('qms-display-app')
export class QmsDisplayApp extends LitElement {
  /** Colour scheme, from the display's settings; reflected so the theme's colours apply. */
  @property({ reflect: true }) theme: Theme = 'dark'

  /** Without a working token (or when its socket is refused) the display shows a code for an administrator to confirm, then starts. */
  private readonly device = new DisplayDeviceController(this, () => this.queue?.connection === 'unauthorized')
  private readonly voice = new VoiceController(this)
  private readonly queue: DisplayStreamController | null
  /** The call highlighted right now, and the time of the newest call shown so far (a newer one starts the highlight). */
  private flashKey: string | null = null
  private lastCallAt: number | undefined
  private flashTimer: ReturnType<typeof setTimeout> | undefined
  /** The calls in the state last seen (null before the first snapshot), to find calls missed offline. */
  private knownCalls: Set<string> | null = null

  constructor() {
    super()
    const token = this.device.token
    this.queue = token
      ? new DisplayStreamController(this, {
          deviceToken: token,
          onStep: (step, state) => this.onStep(step, state),
          onSnapshot: (state) => this.onSnapshot(state),
        })
      : null
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.flashTimer)
  }

  private onSnapshot(state: DisplaySnapshot): void {
    this.voice.configure(state.site.numberReading, this.device.settings.languages)
    // After a network blip or a server restart the snapshot may hold calls this display never
    // received as events: say the recent ones, oldest first. Not at start-up (a reload must not
    // repeat the morning), and each call once, whichever way it arrived.
    const known = this.knownCalls
    if (known) {
      const missed = state.recentCalls.filter((c) => !known.has(callKey(c)) && state.serverTime - c.at <= MISSED_CALL_MAX_AGE_MS)
      for (const call of missed.reverse()) this.announceCall(call, state, `call:${callKey(call)}`)
    }
    this.knownCalls = new Set(state.recentCalls.map(callKey))
    // A (re)connection: an administrator may have changed this display's settings meanwhile.
    void this.device.refresh()
  }

  private onStep(step: DisplayStep, state: DisplaySnapshot): void {
    const call = step.call
    if (!call) return
    this.knownCalls = new Set(state.recentCalls.map(callKey))
    // The seq is unique per delivery: a replay after a resync is ignored, a recall is a new seq.
    this.announceCall(call, state, `seq:${step.seq}`)
  }

  private announceCall(call: CallView, state: DisplaySnapshot, key: string): void {
    if (!showsCounter(this.device.settings, call.counterId)) return
    const counterNumber = state.counters.find((c) => c.id === call.counterId)?.number
    if (counterNumber === undefined) return
    this.voice.configure(state.site.numberReading, this.device.settings.languages)
    this.voice.announce({ ticketNumber: call.number, counterNumber, key })
  }

  protected override willUpdate(_changed: PropertyValues): void {
    this.theme = this.device.settings.theme
    const state = this.queue?.state
    if (!state) return
    const latest = boardCalls(state, this.device.settings, 0).latest
    // Only a new call draws attention: not the older call the panel falls back to when the newest
    // no longer stands, and not the calls already on screen when the page loads.
    const at = latest?.at ?? -Infinity
    if (latest && this.lastCallAt !== undefined && at > this.lastCallAt) this.flash(latest.key)
    if (this.flashKey !== null && this.flashKey !== latest?.key) this.flashKey = null
    this.lastCallAt = Math.max(this.lastCallAt ?? -Infinity, at)
  }

  private flash(key: string): void {
    this.flashKey = key
    clearTimeout(this.flashTimer)
    this.flashTimer = setTimeout(() => {
      this.flashKey = null
      this.requestUpdate()
    }, FLASH_MS)
  }

  override render() {
    const device = this.device.state
    const connection = this.queue?.connection
    const langs = this.device.settings.languages
    if (this.device.needsCode()) {
      const code = this.device.code
      return html`<qms-status-screen
        kind=${device === 'unpaired' ? 'unpaired' : 'revoked'}
        pairable
        .pairing=${code.current}
        ?reachable=${code.reachable}
        ?paired=${code.pairedAs !== null}
        .languages=${langs}
      ></qms-status-screen>`
    }
    if (device === 'wrong-kind') return html`<qms-status-screen kind="not-display" .languages=${langs}></qms-status-screen>`
    const state = this.queue?.state
    if (!state || device === 'loading') {
      return html`<qms-status-screen kind="connecting" .languages=${langs} .siteName=${this.device.site?.name ?? ''}></qms-status-screen>`
    }
    return this.renderBoard(state, connection === 'offline')
  }

  private renderBoard(state: DisplaySnapshot, offline: boolean) {
    const settings = this.device.settings
    const langs = settings.languages
    const en = langs.includes('en')
    const { latest, recent } = boardCalls(state, settings, RECENT_SHOWN)
    const flashing = latest !== null && latest.key === this.flashKey
    const counters = counterRows(state, settings)
    const highlight = flashing ? (counters.find((c) => c.number === latest.counterNumber)?.id ?? null) : null
    const queue = this.queue
    const waiting = waitingRows(state, settings)
    return html`
      <div class="board" data-seq=${state.seq} style="--strip-rows: ${waitingStripRows(waiting.length)}">
        <header>
          <div class="site">
            <div class="site-name">${state.site.name}</div>
            ${en && state.site.nameEn ? html`<div class="site-name-en">${state.site.nameEn}</div>` : nothing}
          </div>
          ${
            this.voice.blocked
              ? html`<qms-sound-button .languages=${langs} @qms-enable-sound=${() => void this.voice.enableSound()}></qms-sound-button>`
              : nothing
          }
          ${offline ? html`<div class="offline" role="status"><span class="dot"></span>${t(langs[0] ?? 'vi', 'offline')}</div>` : nothing}
          <qms-clock .now=${() => (queue ? queue.now() : Date.now())} .timeZone=${state.site.timeZone} .languages=${langs}></qms-clock>
        </header>
        <main>
          <qms-latest-call class="latest" .call=${latest} .hadCalls=${state.recentCalls.some((c) => showsCounter(settings, c.counterId))} .flashing=${flashing} .languages=${langs}></qms-latest-call>
          <qms-recent-calls class="recent" .calls=${recent} .languages=${langs}></qms-recent-calls>
          <qms-counter-board class="counters" .rows=${counters} .highlightId=${highlight} .languages=${langs}></qms-counter-board>
        </main>
        <qms-waiting-services .rows=${waiting} .languages=${langs}></qms-waiting-services>
        ${state.site.displayNotice ? html`<qms-notice-ticker .text=${state.site.displayNotice} .languages=${langs}></qms-notice-ticker>` : nothing}
      </div>
    `
  }

  static override styles = css`
    :host {
      --bg: #070d1a;
      --panel: #0f1a2e;
      --panel-2: #15233d;
      --line: #22314f;
      --text: #f5f7fb;
      --muted: #9fb0cc;
      --accent: #ffc82c;
      --accent-text: #111;
      --calling: #ffc82c;
      --serving: #3ddc97;
      --paused: #ff9f43;
      --danger: #ff5a5a;
      display: block;
      position: fixed;
      inset: 0;
      overflow: hidden;
      background: var(--bg);
      color: var(--text);
    }
    :host([theme='light']) {
      --bg: #e9eef5;
      --panel: #ffffff;
      --panel-2: #f2f5fa;
      --line: #cfd8e6;
      --text: #0b1426;
      --muted: #4d5d78;
      --accent: #0b4fb3;
      --accent-text: #fff;
      --calling: #b86e00;
      --serving: #12805a;
      --paused: #b84d00;
      --danger: #c62828;
    }
    .board {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr) auto auto;
      gap: 1rem;
      height: 100%;
      padding: 1rem 1.25rem 0;
      box-sizing: border-box;
    }
    header {
      display: flex;
      align-items: center;
      gap: 2rem;
      padding: 0.5rem 0.75rem 1rem;
      border-bottom: 0.2rem solid var(--accent);
    }
    .site {
      flex: 1;
      min-width: 0;
    }
    .site-name {
      font-size: 2.5rem;
      font-weight: 700;
      line-height: 1.3;
      text-transform: uppercase;
      letter-spacing: 0.02em;
    }
    .site-name-en {
      font-size: 1.3rem;
      color: var(--muted);
      line-height: 1.3;
    }
    .offline {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      font-size: 1.1rem;
      color: var(--muted);
      border: 0.1rem solid var(--line);
      border-radius: 2rem;
      padding: 0.3rem 1rem;
      white-space: nowrap;
    }
    .dot {
      width: 0.8rem;
      height: 0.8rem;
      border-radius: 50%;
      background: var(--danger);
    }
    main {
      display: grid;
      grid-template-columns: minmax(0, 44fr) minmax(0, 56fr);
      /* The call panel is as tall as its content (sized in rem, so it always fits); the list of
         recent calls takes the rest and shows the rows that fit there (at most two). */
      grid-template-rows: auto minmax(0, 1fr);
      grid-template-areas: 'latest counters' 'recent counters';
      gap: 1rem;
      min-height: 0;
    }
    .latest {
      grid-area: latest;
    }
    .recent {
      grid-area: recent;
    }
    .counters {
      grid-area: counters;
      /* Each extra row of waiting tiles (more than six services) takes a fifth of the board's height. */
      --room: calc(1 - 0.2 * (var(--strip-rows, 1) - 1));
    }
    @media (orientation: portrait) {
      .counters {
        --room: 1;
      }
      .site-name {
        font-size: 2.1rem;
      }
      /* The "enable sound" button takes a line of its own under the site's name and the clock. */
      header {
        flex-wrap: wrap;
        row-gap: 0.8rem;
      }
      qms-sound-button {
        order: 1;
        flex-basis: 100%;
        max-width: none;
      }
      main {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto minmax(0, 1fr) auto;
        grid-template-areas: 'latest' 'counters' 'recent';
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-display-app': QmsDisplayApp
  }
}
