/**
 * The ticket kiosk: choose a service (and, first, a priority group if the citizen declares one),
 * get the number the server issued, take the paper ticket. Runs unattended as a registered device:
 * it shows "out of service" while the server is unreachable and comes back by itself.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, PrintResult, ServerToClientEvents } from '../../shared/contract.js'
import { errorMessage } from '../../shared/error-messages.js'
import type { IssuedTicket, PrinterSetting, ServiceView } from '../../shared/types.js'
import { ApiError } from '../../shared/web/api.js'
import type { Lang } from '../../shared/web/i18n.js'
import { QueueController } from '../../shared/web/queue-controller.js'
import { bothLanguages, pairingScreen } from './pairing-screen.js'
import { IdleController } from './idle-controller.js'
import { KioskDeviceController } from './kiosk-device-controller.js'
import { formatHours, reasonText, t } from './messages.js'
import { TicketIssuer } from './ticket-issuer.js'
import type { PrintState } from './qms-ticket-result.js'
import type { ServiceChosenDetail, ServiceUnavailableDetail } from './qms-service-tile.js'
import type { PriorityChosenDetail } from './qms-priority-picker.js'
import type { ProcedureChosenDetail } from './qms-procedure-picker.js'
import './qms-kiosk-header.js'
import './qms-kiosk-notice.js'
import './qms-kiosk-toast.js'
import './qms-priority-picker.js'
import './qms-print-ticket.js'
import './qms-procedure-picker.js'
import './qms-service-tile.js'
import './qms-ticket-result.js'

type Screen = 'home' | 'priority' | 'procedure' | 'issuing' | 'result'

/** Back to Vietnamese and the home screen after this long without a touch. */
const IDLE_MS = 45_000
/** The result screen goes home by itself after this many seconds. */
const RESULT_SECONDS = 15
/** A blip shorter than this does not put the kiosk out of service. */
const OFFLINE_GRACE_MS = 3_000
/** How long the "not issuing now" message stays after a tap on a greyed-out service. */
const CLOSED_TOAST_MS = 6_000

/** Columns for n tiles, so up to 12 fit without scrolling in either orientation. */
function columns(n: number): { portrait: number; landscape: number } {
  return {
    portrait: n <= 5 ? 1 : 2,
    landscape: n <= 2 ? Math.max(1, n) : n <= 4 ? 2 : n <= 6 ? 3 : 4,
  }
}

@customElement('qms-kiosk-app')
export class QmsKioskApp extends LitElement {
  @state() private language: Lang = 'vi'
  @state() private screen: Screen = 'home'
  @state() private priorityGroupId: number | null = null
  @state() private result: IssuedTicket | null = null
  @state() private printState: PrintState = 'none'
  @state() private slow = false
  @state() private failure: string | null = null
  @state() private offlineLong = false
  /** A greyed-out service that was just tapped: the kiosk says why it cannot issue. */
  @state() private closedTapped: number | null = null
  /** The field whose procedures are listed (the second level of the menu). */
  @state() private fieldId: number | null = null

  private readonly device = new KioskDeviceController(this)
  private readonly queue: QueueController | null = this.device.token
    ? new QueueController(this, {
        deviceToken: this.device.token,
        onEvent: () => this.device.availabilityChanged(),
        onSnapshot: () => this.device.availabilityChanged(),
        extra: (socket) => this.listenForPrintResults(socket),
      })
    : null
  private readonly issuer = this.device.token ? new TicketIssuer(this.device.token) : null
  private readonly printedInBrowser = new Set<number>()
  private lastConnection = this.queue?.connection
  private offlineTimer: ReturnType<typeof setTimeout> | undefined
  private toastTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    new IdleController(this, IDLE_MS, () => this.goHome(true))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.offlineTimer)
    clearTimeout(this.toastTimer)
  }

  private listenForPrintResults(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    socket.on('print:result', (r: PrintResult) => {
      if (this.result?.ticket.id === r.ticketId) this.printState = r.status
    })
  }

  protected override willUpdate(): void {
    const now = this.queue?.connection
    if (now === this.lastConnection) return
    const was = this.lastConnection
    this.lastConnection = now
    if (now === 'online') {
      clearTimeout(this.offlineTimer)
      this.offlineLong = false
      // Settings may have changed while we were away (the server drops a device it reconfigures).
      if (was !== undefined) void this.device.refresh()
    } else if (now === 'offline') {
      clearTimeout(this.offlineTimer)
      this.offlineTimer = setTimeout(() => {
        this.offlineLong = this.queue?.connection === 'offline'
      }, OFFLINE_GRACE_MS)
    } else if (now === 'unauthorized') {
      void this.device.refresh()
    }
  }

  private get printer(): PrinterSetting {
    return this.device.device?.config.printer ?? { kind: 'none' }
  }

  private get services(): ServiceView[] {
    const list = this.queue?.state?.services ?? []
    return [...list].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
  }

  private waitingBy(): Map<number, number> {
    const counts = new Map<number, number>()
    for (const ticket of this.queue?.state?.tickets ?? []) {
      if (ticket.status === 'waiting') counts.set(ticket.serviceId, (counts.get(ticket.serviceId) ?? 0) + 1)
    }
    return counts
  }

  private priorityName(id: number | null, lang: Lang): string {
    if (id === null) return ''
    const group = this.queue?.state?.priorityGroups.find((g) => g.id === id)
    return group ? (lang === 'en' ? group.nameEn : group.nameVi) : ''
  }

  private goHome(resetLanguage: boolean): void {
    if (this.screen === 'issuing') return
    this.screen = 'home'
    this.priorityGroupId = null
    this.fieldId = null
    this.result = null
    this.failure = null
    this.hideClosedToast()
    if (resetLanguage) this.language = 'vi'
  }

  private proceduresOf(serviceId: number) {
    return (this.queue?.state?.procedures ?? []).filter((p) => p.serviceId === serviceId && p.active)
  }

  private async take(serviceId: number, procedureId: number | null = null): Promise<void> {
    if (!this.issuer || this.screen === 'issuing') return
    const back = this.screen
    this.screen = 'issuing'
    this.slow = false
    try {
      const issued = await this.issuer.issue({ serviceId, priorityGroupId: this.priorityGroupId, procedureId }, () => {
        this.slow = true
      })
      this.result = issued
      this.printState = issued.print.status
      this.screen = 'result'
      await this.printIfBrowser(issued)
    } catch (error) {
      // A refusal on the procedure list leaves the citizen there, with their choice, to try again.
      this.screen = back === 'procedure' ? 'procedure' : 'home'
      this.failure = error instanceof ApiError ? error.code : 'network'
      if (error instanceof ApiError && error.status === 401) void this.device.refresh()
    } finally {
      this.device.availabilityChanged()
    }
  }

  /** Browser printing: the kiosk prints its own paper once per ticket, retries included. */
  private async printIfBrowser(issued: IssuedTicket): Promise<void> {
    const printer = this.printer
    if (printer.kind !== 'browser' || this.printedInBrowser.has(issued.ticket.id)) return
    this.printedInBrowser.add(issued.ticket.id)
    this.printState = 'browser'
    await this.updateComplete
    const sheet = this.renderRoot.querySelector('qms-print-ticket')
    if (!sheet) return
    await sheet.updateComplete
    await sheet.renderRoot.querySelector('qms-qr-code')?.updateComplete
    // Size the page to the ticket so the roll is cut right after it, not a sheet later.
    const heightMm = Math.ceil((sheet.getBoundingClientRect().height * 25.4) / 96) + 2
    pageStyle().textContent = `@page { size: ${printer.paperWidth}mm ${heightMm}mm; margin: 0; }`
    window.print()
  }

  private onServiceChosen(e: CustomEvent<ServiceChosenDetail>): void {
    // A field with procedures asks which one (and shows the papers); one without issues at once.
    if (this.proceduresOf(e.detail.serviceId).length > 0) {
      this.fieldId = e.detail.serviceId
      this.screen = 'procedure'
      return
    }
    void this.take(e.detail.serviceId)
  }

  private onProcedureChosen(e: CustomEvent<ProcedureChosenDetail>): void {
    void this.take(e.detail.serviceId, e.detail.procedureId)
  }

  private onServiceUnavailable(e: CustomEvent<ServiceUnavailableDetail>): void {
    this.closedTapped = e.detail.serviceId
    clearTimeout(this.toastTimer)
    this.toastTimer = setTimeout(() => this.hideClosedToast(), CLOSED_TOAST_MS)
  }

  private hideClosedToast(): void {
    clearTimeout(this.toastTimer)
    this.closedTapped = null
  }

  private renderClosedToast() {
    const lang = this.language
    const service = this.services.find((s) => s.id === this.closedTapped)
    if (this.screen !== 'home' || !service) return nothing
    const why = this.device.availability.get(service.id)?.reason
    const name = lang === 'en' ? service.nameEn : service.nameVi
    const body = why === 'service_outside_hours' && service.hours ? `${t(lang, 'hoursLabel')}: ${formatHours(service.hours, lang)}` : reasonText(why, lang)
    return html`<qms-kiosk-toast
      data-testid="closed-toast"
      heading=${t(lang, 'closedToast', { service: name })}
      body=${body}
      @toast-dismiss=${this.hideClosedToast}
    ></qms-kiosk-toast>`
  }

  private onPriorityChosen(e: CustomEvent<PriorityChosenDetail>): void {
    this.priorityGroupId = e.detail.priorityGroupId
    this.screen = 'home'
  }

  private toggleLanguage(): void {
    this.language = this.language === 'vi' ? 'en' : 'vi'
  }

  override render() {
    // Without a working token the kiosk shows a code for an administrator to confirm, then starts.
    if (this.device.needsCode()) return this.renderPairing()
    if (this.device.state === 'wrong-kind') {
      return html`<qms-kiosk-notice
        tone="danger"
        data-testid="not-kiosk"
        heading=${t(this.language, 'notKioskTitle')}
        body=${t(this.language, 'notKioskBody')}
        detail=${t(this.language, 'notKioskSteps')}
      ></qms-kiosk-notice>`
    }
    const lang = this.language
    return html`
      <div class="screen" @language-toggle=${this.toggleLanguage}>
        <qms-kiosk-header .site=${this.device.site} language=${lang} .skewMs=${this.queue?.clockSkewMs ?? 0}></qms-kiosk-header>
        <main>${this.renderMain()}</main>
      </div>
      ${
        this.result && this.printer.kind === 'browser'
          ? html`<qms-print-ticket
            .issued=${this.result}
            siteName=${this.device.site?.name ?? ''}
            footer=${this.device.site?.ticketFooter ?? ''}
            priorityName=${this.priorityName(this.result.ticket.priorityGroupId, 'vi')}
            timeZone=${this.device.site?.timeZone ?? 'Asia/Ho_Chi_Minh'}
            .paperWidth=${this.printer.paperWidth}
          ></qms-print-ticket>`
          : nothing
      }
      ${this.renderClosedToast()}
      ${this.renderOverlay()}
    `
  }

  private renderPairing() {
    return pairingScreen(this.device.code, t, html`<p class="link">${bothLanguages(t, 'pairLink')}</p>`)
  }

  private renderOverlay() {
    const lang = this.language
    const down = this.offlineLong || !this.device.reachable
    if (this.screen === 'issuing') {
      return html`<qms-kiosk-notice busy heading=${t(lang, 'issuing')} body=${this.slow ? t(lang, 'issuingSlow') : ''}></qms-kiosk-notice>`
    }
    if (down) {
      return html`<qms-kiosk-notice
        busy
        tone="warning"
        data-testid="out-of-service"
        heading=${t(lang, 'outOfServiceTitle')}
        body=${t(lang, 'outOfServiceBody')}
        detail=${t(lang, 'reconnecting')}
      ></qms-kiosk-notice>`
    }
    if (this.device.state === 'loading' || !this.queue?.state) {
      return html`<qms-kiosk-notice busy heading=${t(lang, 'loading')}></qms-kiosk-notice>`
    }
    if (this.failure) {
      const transient = this.failure === 'network' || this.failure === 'timeout' || this.failure === 'internal_error'
      return html`<qms-kiosk-notice
        tone="danger"
        data-testid="issue-failed"
        heading=${t(lang, 'issueFailedTitle')}
        body=${transient ? t(lang, 'issueFailedBody') : errorMessage(this.failure, lang)}
        action=${t(lang, 'ok')}
        @notice-action=${() => (this.failure = null)}
      ></qms-kiosk-notice>`
    }
    return nothing
  }

  private renderMain() {
    const lang = this.language
    if (this.screen === 'result' && this.result) {
      return html`<qms-ticket-result
        .issued=${this.result}
        printState=${this.printState}
        priorityName=${this.priorityName(this.result.ticket.priorityGroupId, lang)}
        language=${lang}
        seconds=${RESULT_SECONDS}
        @result-done=${() => this.goHome(false)}
      ></qms-ticket-result>`
    }
    const groups = (this.queue?.state?.priorityGroups ?? []).filter((g) => g.active).sort((a, b) => a.sortOrder - b.sortOrder)
    const field =
      this.screen === 'procedure' || (this.screen === 'issuing' && this.fieldId !== null) ? this.services.find((s) => s.id === this.fieldId) : undefined
    if (field) {
      const closed = new Set(this.services.filter((s) => this.device.availability.get(s.id)?.open === false).map((s) => s.id))
      return html`<qms-procedure-picker
        .service=${field}
        .services=${this.services}
        .procedures=${(this.queue?.state?.procedures ?? []).filter((p) => p.active && !closed.has(p.serviceId))}
        .closedServiceIds=${closed}
        language=${lang}
        @procedure-chosen=${this.onProcedureChosen}
        @procedure-cancel=${() => {
          this.fieldId = null
          this.screen = 'home'
        }}
      ></qms-procedure-picker>`
    }
    if (this.screen === 'priority') {
      return html`<qms-priority-picker
        .groups=${groups}
        language=${lang}
        @priority-chosen=${this.onPriorityChosen}
        @priority-cancel=${() => (this.screen = 'home')}
      ></qms-priority-picker>`
    }
    const services = this.services
    const cols = columns(services.length)
    const waiting = this.waitingBy()
    const priority = this.priorityGroupId !== null
    // A public holiday: every service answers site_closed_today. The citizen is told once, at the
    // top, and is not offered the priority path to a service that cannot issue either.
    const closedToday = services.length > 0 && services.every((s) => this.device.availability.get(s.id)?.reason === 'site_closed_today')
    return html`
      <div class="intro ${priority ? 'priority' : ''}">
        ${
          closedToday
            ? html`<h2 data-testid="closed-today">${t(lang, 'closedTodayHeading')}</h2>
              <p>${t(lang, 'closedTodayHint')}</p>`
            : priority
              ? html`<h2 data-testid="priority-banner">${t(lang, 'priorityChosen', { group: this.priorityName(this.priorityGroupId, lang) })}</h2>
              <button class="cancel" @click=${() => (this.priorityGroupId = null)} data-testid="priority-cancel">${t(lang, 'cancel')}</button>`
              : html`<h2>${t(lang, 'chooseService')}</h2>
              <p>${t(lang, 'chooseServiceHint')}</p>`
        }
      </div>
      <div class="grid" style="--cols-portrait:${cols.portrait};--cols-landscape:${cols.landscape}" @service-chosen=${this.onServiceChosen} @service-unavailable=${this.onServiceUnavailable}>
        ${services.length === 0 ? html`<p class="empty">${t(lang, 'noServices')}</p>` : nothing}
        ${services.map(
          (s) => html`<qms-service-tile
            .service=${s}
            .availability=${this.device.availability.get(s.id)}
            .waiting=${waiting.get(s.id) ?? 0}
            language=${lang}
            ?priority=${priority}
            ?compact=${services.length > 6}
          ></qms-service-tile>`,
        )}
      </div>
      ${
        groups.length > 0 && !priority && !closedToday
          ? html`<button class="priority-bar" @click=${() => (this.screen = 'priority')} data-testid="priority">
            <span class="badge" aria-hidden="true">★</span>
            <span class="text">
              <strong>${t(lang, 'priorityButton')}</strong>
              <span>${t(lang, 'priorityButtonHint')}</span>
            </span>
            <span class="arrow" aria-hidden="true">›</span>
          </button>`
          : nothing
      }
    `
  }

  static override styles = css`
    :host {
      display: block;
      height: 100%;
    }
    .pairing {
      box-sizing: border-box;
      height: 100%;
      display: flex;
      flex-direction: column;
      justify-content: center;
      padding: 6vmin 7vmin;
      background: #fff;
      border-top: 1.4vmin solid var(--brand);
      --pair-panel: var(--brand-pale);
      --pair-ink: var(--ink);
      --pair-muted: var(--muted);
      --pair-accent: var(--brand);
      --pair-warning: var(--danger);
    }
    .pairing h1 {
      margin: 0;
      font-size: 5vmin;
      font-weight: 800;
      line-height: 1.25;
    }
    .pairing h1 .en-line {
      font-size: 0.6em;
      font-weight: 700;
    }
    .pairing .lead {
      margin: 2.4vmin 0 0;
      font-size: 3vmin;
      line-height: 1.4;
    }
    .pairing ol {
      margin: 3vmin 0 0;
      padding-left: 4.4vmin;
      display: grid;
      gap: 2vmin;
      font-size: 2.8vmin;
      line-height: 1.4;
    }
    .pairing li::marker {
      font-weight: 800;
      color: var(--brand);
    }
    .pairing .link {
      margin: 3vmin 0 0;
      font-size: 2.2vmin;
      color: var(--muted);
    }
    .en-line {
      display: block;
      font-size: 0.82em;
      color: var(--muted);
    }
    .screen {
      height: 100%;
      display: flex;
      flex-direction: column;
    }
    main {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    main > qms-ticket-result,
    main > qms-procedure-picker,
    main > qms-priority-picker {
      flex: 1;
    }
    .intro {
      display: flex;
      align-items: baseline;
      flex-wrap: wrap;
      gap: 0.5vmin 3vmin;
      padding: 2.6vmin 4vmin 1.4vmin;
    }
    .intro h2 {
      margin: 0;
      font-size: 4.2vmin;
      font-weight: 800;
      color: var(--ink);
    }
    .intro p {
      margin: 0;
      font-size: 2.6vmin;
      color: var(--muted);
    }
    .intro.priority {
      align-items: center;
      margin: 2vmin 4vmin 0;
      padding: 1.6vmin 2.4vmin 1.6vmin 3vmin;
      border-radius: 1.6vmin;
      background: var(--priority);
    }
    .intro.priority h2 {
      flex: 1;
      color: #fff;
      font-size: 3.4vmin;
    }
    .cancel {
      min-height: 7vmin;
      min-width: 18vmin;
      border: 0.35vmin solid #fff;
      border-radius: 1.2vmin;
      background: transparent;
      color: #fff;
      font: inherit;
      font-size: 2.8vmin;
      font-weight: 700;
    }
    .grid {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: repeat(var(--cols-portrait), minmax(0, 1fr));
      /* Rows grow up to a comfortable height and share the space when there are many. */
      grid-auto-rows: minmax(0, 40vmin);
      align-content: center;
      gap: 2.2vmin;
      padding: 1.4vmin 4vmin 2.4vmin;
    }
    @media (orientation: landscape) {
      .grid {
        grid-template-columns: repeat(var(--cols-landscape), minmax(0, 1fr));
        grid-auto-rows: minmax(0, 32vmin);
      }
    }
    .empty {
      font-size: 3vmin;
      color: var(--muted);
    }
    .priority-bar {
      display: flex;
      align-items: center;
      gap: 2.6vmin;
      margin: 0 4vmin 3vmin;
      padding: 2vmin 3vmin;
      min-height: 11vmin;
      border: 0.35vmin solid var(--priority);
      border-radius: 1.8vmin;
      background: var(--priority-pale);
      color: var(--ink);
      font: inherit;
      text-align: left;
      cursor: pointer;
      -webkit-tap-highlight-color: transparent;
    }
    .priority-bar:active {
      transform: scale(0.99);
    }
    .badge {
      flex: none;
      display: grid;
      place-items: center;
      width: 7.5vmin;
      height: 7.5vmin;
      border-radius: 50%;
      background: var(--priority);
      color: #fff;
      font-size: 4.2vmin;
    }
    .text {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 0.4vmin;
    }
    .text strong {
      font-size: 3.6vmin;
      font-weight: 800;
      color: var(--priority-ink);
    }
    .text span {
      font-size: 2.3vmin;
      color: var(--muted);
    }
    .arrow {
      font-size: 6vmin;
      color: var(--priority);
      line-height: 1;
    }
    qms-print-ticket {
      /* Laid out (to measure its height) but off screen; only paper shows it. */
      position: fixed;
      left: -200mm;
      top: 0;
    }
    @media print {
      .screen,
      qms-kiosk-notice {
        display: none !important;
      }
      qms-print-ticket {
        position: static;
      }
    }
  `
}

/** The document-level @page rule: page rules do not apply from inside a shadow root. */
function pageStyle(): HTMLStyleElement {
  let style = document.getElementById('qms-page-size') as HTMLStyleElement | null
  if (!style) {
    style = document.createElement('style')
    style.id = 'qms-page-size'
    document.head.appendChild(style)
  }
  return style
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-kiosk-app': QmsKioskApp
  }
}
