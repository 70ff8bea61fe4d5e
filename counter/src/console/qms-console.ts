/**
 * The counter console: choose my counter, then call, recall, serve, finish, mark absent, return,
 * transfer, pause and close, by mouse or by numpad. The queue is live (QueueController); a button
 * is enabled only when its action is legal in the state shown, and a refused action is explained
 * in one plain sentence.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError, api } from '../../../shared/web/api.js'
import { detached } from '../../../shared/web/detached.js'
import { QueueController, type ConnectionState } from '../../../shared/web/queue-controller.js'
import { callOrder } from '../../../shared/call-order.js'
import { ticketAt } from '../../../shared/queue-state.js'
import type { QueueEvent } from '../../../shared/contract.js'
import { canTake, holdsCounter, type StepName } from '../../../shared/lifecycle.js'
import type { CounterView, OutcomeView, QueueSnapshot, TicketView } from '../../../shared/types.js'
import { t, type MessageKey } from '../messages.js'
import type { StaffSession } from '../session.js'
import { refusalText } from './refusal.js'
import { rememberCounter, rememberedCounterId } from './remembered-counter.js'
import { SHORTCUT_LABELS, shortcutFor, type ConsoleAction } from './shortcuts.js'
import { TickController } from './ticker.js'
import { controls, tokens } from './styles.js'
import { consoleStyles } from './console-styles.js'
import type { TransferChoice } from './qms-transfer-dialog.js'
import { isDefaultName } from './qms-counter-picker.js'
import './qms-counter-picker.js'
import './qms-current-ticket.js'
import './qms-waiting-list.js'
import './qms-no-show-list.js'
import './qms-aside-list.js'
import { asideOverdue } from './qms-aside-list.js'
import './qms-transfer-dialog.js'
import './qms-pause-dialog.js'
import './qms-close-dialog.js'
import './qms-reprint-dialog.js'
import './qms-finish-dialog.js'

interface Notice {
  kind: 'error' | 'info'
  text: string
}

interface Desk {
  snapshot: QueueSnapshot
  counter: CounterView
  current: TicketView | null
  waiting: TicketView[]
  /** This counter's set-aside tickets. */
  aside: TicketView[]
}

const NOTICE_MS = { error: 10_000, info: 5_000 }
/** How long to wait for the event of a successful command before asking for a fresh snapshot. */
const SETTLE_MS = 2_000

function detailOf<T>(event: Event): T {
  return (event as CustomEvent<T>).detail
}

/** Blurs whatever has focus, through shadow roots, so Enter goes to the console's shortcut again. */
function blurDeepActive(): void {
  let active: Element | null = document.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  if (active instanceof HTMLElement) active.blur()
}

@customElement('qms-console')
export class QmsConsole extends LitElement {
  /** The logged-in staff member, from the app shell. */
  @property({ attribute: false }) session: StaffSession | null = null

  private readonly queue = new QueueController(this, {
    onEvent: (event) => this.onQueueEvent(event),
    onSnapshot: () => void this.loadNoShows(),
  })
  private readonly tick = new TickController(this)

  /** The staff member asked to change counter. */
  @state() private choosing = false
  /**
   * The sequence number seen when the last command was sent. Until an event passes it, the screen
   * may be behind the server, so actions wait; as soon as the change shows, the staff member can go on
   * (even if the HTTP answer is still on its way).
   */
  @state() private awaiting: number | null = null
  @state() private notice: Notice | null = null
  @state() private dialog: 'finish' | 'transfer' | 'pause' | 'close' | 'reprint' | null = null
  /** A reprint is under way (it changes nothing in the queue, so it does not hold the actions). */
  @state() private reprinting = false
  @state() private tab: 'waiting' | 'noShows' = 'waiting'
  @state() private noShows: TicketView[] = []

  private lastConnection: ConnectionState | null = null
  private noticeTimer: ReturnType<typeof setTimeout> | null = null
  private settleTimer: ReturnType<typeof setTimeout> | null = null

  static override styles = [tokens, controls, consoleStyles]

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('keydown', this.onKey)
    this.addEventListener('qms-counter-chosen', this.onCounterChosen)
    this.addEventListener('qms-call-ticket', this.onCallTicket)
    this.addEventListener('qms-return-ticket', this.onReturnTicket)
    this.addEventListener('qms-resume-ticket', this.onResumeTicket)
    this.addEventListener('qms-absent-ticket', this.onAbsentTicket)
    this.addEventListener('qms-transfer', this.onTransfer)
    this.addEventListener('qms-pause', this.onPause)
    this.addEventListener('qms-close-counter', this.onCloseConfirmed)
    this.addEventListener('qms-dialog-cancel', this.onDialogCancel)
    this.addEventListener('qms-reprint-ticket', this.onReprintTicket)
    this.addEventListener('qms-reprint-number', this.onReprintNumber)
    this.addEventListener('qms-finish', this.onFinish)
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey)
    this.removeEventListener('qms-counter-chosen', this.onCounterChosen)
    this.removeEventListener('qms-call-ticket', this.onCallTicket)
    this.removeEventListener('qms-return-ticket', this.onReturnTicket)
    this.removeEventListener('qms-resume-ticket', this.onResumeTicket)
    this.removeEventListener('qms-absent-ticket', this.onAbsentTicket)
    this.removeEventListener('qms-transfer', this.onTransfer)
    this.removeEventListener('qms-pause', this.onPause)
    this.removeEventListener('qms-close-counter', this.onCloseConfirmed)
    this.removeEventListener('qms-dialog-cancel', this.onDialogCancel)
    this.removeEventListener('qms-reprint-ticket', this.onReprintTicket)
    this.removeEventListener('qms-reprint-number', this.onReprintNumber)
    this.removeEventListener('qms-finish', this.onFinish)
    for (const timer of [this.noticeTimer, this.settleTimer]) if (timer) clearTimeout(timer)
    super.disconnectedCallback()
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const seq = this.queue.state?.seq
    if (this.awaiting !== null && seq !== undefined && seq > this.awaiting) this.awaiting = null
  }

  protected override updated(): void {
    const connection = this.queue.connection
    if (connection !== this.lastConnection) {
      this.lastConnection = connection
      this.toggleAttribute('offline', connection === 'offline')
      this.dispatchEvent(new CustomEvent<ConnectionState>('qms-connection', { detail: connection, bubbles: true, composed: true }))
      if (connection === 'unauthorized') this.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
    }
  }

  // ---- what the screen shows ----

  private get language() {
    return this.session?.lang ?? 'vi'
  }

  private get online(): boolean {
    return this.queue.connection === 'online'
  }

  /** A request is in flight, or its result has not reached the screen yet. */
  private get busy(): boolean {
    return this.awaiting !== null
  }

  private myCounter(snapshot: QueueSnapshot): CounterView | undefined {
    const userId = this.session?.user.id
    const mine = snapshot.counters.filter((c) => c.staffId === userId && c.status !== 'closed')
    return mine.find((c) => c.id === rememberedCounterId()) ?? mine[0]
  }

  private desk(): Desk | null {
    const snapshot = this.queue.state
    if (!snapshot) return null
    const counter = this.myCounter(snapshot)
    if (!counter) return null
    const current = ticketAt(snapshot, counter) ?? null
    // In the order call-next takes them, by the server's own rule: the first is the next call.
    const waiting = callOrder(
      snapshot.tickets.filter((x) => x.status === 'waiting'),
      counter,
      snapshot.site.maxPriorityInRow,
    )
    const aside = snapshot.tickets.filter((x) => x.status === 'set_aside' && x.counterId === counter.id)
    return { snapshot, counter, current, waiting, aside }
  }

  /** Which actions are legal in the state shown. */
  private allowed(desk: Desk): Record<ConsoleAction, boolean> {
    const ready = this.online && !this.busy
    const open = desk.counter.status === 'open'
    const status = desk.current?.status
    // The ticket at this counter may take a step when the lifecycle table allows it from its status.
    const may = (step: StepName) => ready && status !== undefined && holdsCounter(status) && canTake(step, status)
    return {
      callNext: ready && open && !desk.current && desk.waiting.length > 0,
      recall: may('recall'),
      start: may('start'),
      finish: may('finish'),
      setAside: may('setAside'),
      noShow: may('noShow'),
      transfer: may('transfer'),
      pause: ready && (desk.counter.status === 'paused' || (open && !desk.current)),
    }
  }

  override render() {
    const lang = this.language
    const snapshot = this.queue.state
    const offline = this.queue.connection === 'offline'
    const banner = offline ? html`<div class="banner offline" role="alert" data-offline>${t(lang, 'offlineBanner')}</div>` : nothing
    if (!snapshot || !this.session) return html`${banner}<p class="loading">${t(lang, 'loading')}</p>`
    const desk = this.desk()
    if (!desk || this.choosing) {
      return html`${banner}
        <qms-counter-picker
          .counters=${snapshot.counters}
          .services=${snapshot.services}
          .language=${lang}
          .userId=${this.session.user.id}
          .rememberedId=${rememberedCounterId()}
          .busy=${this.busy || !this.online}
        ></qms-counter-picker>
        ${this.renderNotice()}`
    }
    return html`${banner}${this.renderDesk(desk)}${this.renderDialog(desk)}`
  }

  private renderDesk(desk: Desk) {
    const lang = this.language
    const { snapshot, counter, current } = desk
    const allowed = this.allowed(desk)
    const now = this.queue.now()
    const service = current ? (snapshot.services.find((s) => s.id === current.serviceId) ?? null) : null
    const group = current?.priorityGroupId != null ? (snapshot.priorityGroups.find((g) => g.id === current.priorityGroupId) ?? null) : null
    const paused = counter.status === 'paused'
    const myNoShows = this.noShows.filter((x) => counter.serviceIds.includes(x.serviceId) || x.counterId === counter.id)
    return html`
      <div class="desk">
        <section class="main">
          <div class="counter-bar">
            <h1 data-counter-title>${t(lang, 'counterNumber', { n: counter.number })}</h1>
            ${isDefaultName(counter) ? nothing : html`<span class="counter-name">${counter.name}</span>`}
            <span class="status ${counter.status}">${t(lang, paused ? 'counterPaused' : 'counterOpen')}</span>
            <span class="spacer"></span>
            ${
              paused
                ? nothing
                : html`<button ?disabled=${!allowed.pause} @click=${this.openPause} data-action="pause">
                  ${t(lang, 'pause')} <kbd>F8</kbd>
                </button>`
            }
            <button ?disabled=${!this.online || this.reprinting} @click=${this.openReprint} data-action="reprint">${t(lang, 'reprint')}</button>
            <button ?disabled=${!!current || this.busy} @click=${this.changeCounter}>${t(lang, 'changeCounter')}</button>
            <button class="danger" ?disabled=${!!current || this.busy || !this.online} @click=${this.closeCounter} data-action="close">
              ${t(lang, 'closeCounter')}
            </button>
          </div>
          <div class="stage">
            ${
              paused
                ? html`<div class="paused-panel" data-paused>
                  <div class="title">${t(lang, 'pausedTitle')}</div>
                  ${counter.pauseReason ? html`<div class="reason" data-pause-reason>${counter.pauseReason}</div>` : nothing}
                  <button class="success" ?disabled=${!allowed.pause} @click=${this.resume} data-action="resume">
                    ${t(lang, 'resume')} <kbd>F8</kbd>
                  </button>
                </div>`
                : html`<qms-current-ticket
                  .ticket=${current}
                  .service=${service}
                  .group=${group}
                  .procedure=${current?.procedureId != null ? (snapshot.procedures.find((p) => p.id === current.procedureId) ?? null) : null}
                  .language=${lang}
                  .now=${now}
                  .queueEmpty=${desk.waiting.length === 0}
                ></qms-current-ticket>`
            }
            ${this.renderNotice()}
          </div>
          <div class="actions">
            ${this.actionButton('callNext', 'callNext', allowed.callNext, !current && !paused ? 'primary next' : 'next')}
            ${this.actionButton('recall', 'recall', allowed.recall, '')}
            ${this.actionButton('start', 'start', allowed.start, current?.status === 'called' ? 'success' : '')}
            ${this.actionButton('finish', 'finish', allowed.finish, current?.status === 'serving' ? 'success' : '')}
            ${this.actionButton('setAside', 'setAside', allowed.setAside, '')}
            ${this.actionButton('noShow', 'noShow', allowed.noShow, '')}
            ${this.actionButton('transfer', 'transfer', allowed.transfer, '')}
          </div>
          <div class="shortcut-hint">${t(lang, 'shortcutsHint')}</div>
        </section>
        <aside class="side">
          <div class="services">
            <span class="caption">${t(lang, 'myServices')}</span>
            ${counter.serviceIds.map((id) => {
              const s = snapshot.services.find((x) => x.id === id)
              if (!s) return nothing
              const n = desk.waiting.filter((x) => x.serviceId === id).length
              return html`<span class="service" data-service=${s.code} title="${lang === 'en' ? s.nameEn : s.nameVi}: ${t(lang, 'waitingCount', { n })}"
                ><span class="name">${lang === 'en' ? s.nameEn : s.nameVi}</span><span class="count ${n === 0 ? 'zero' : ''}" data-count>${n}</span></span
              >`
            })}
          </div>
          ${this.renderAside(desk, now)}
          <div class="tabs" role="tablist">
            <button role="tab" aria-selected=${this.tab === 'waiting'} @click=${() => (this.tab = 'waiting')} data-tab="waiting">
              ${t(lang, 'waitingList')} <span class="n">${desk.waiting.length}</span>
            </button>
            <button role="tab" aria-selected=${this.tab === 'noShows'} @click=${() => (this.tab = 'noShows')} data-tab="no-shows">
              ${t(lang, 'noShowList')} <span class="n">${myNoShows.length}</span>
            </button>
          </div>
          <div class="list" role="tabpanel">
            ${
              this.tab === 'waiting'
                ? html`<qms-waiting-list
                  .tickets=${desk.waiting}
                  .services=${snapshot.services}
                  .groups=${snapshot.priorityGroups}
                  .language=${lang}
                  .now=${now}
                  .counterId=${counter.id}
                  .canCall=${this.online && !this.busy && counter.status === 'open' && !current}
                  .canReprint=${this.online && !this.reprinting}
                ></qms-waiting-list>`
                : html`<qms-no-show-list
                  .tickets=${myNoShows}
                  .services=${snapshot.services}
                  .language=${lang}
                  .timeZone=${snapshot.site.timeZone}
                  .canReturn=${this.online && !this.busy}
                ></qms-no-show-list>`
            }
          </div>
        </aside>
      </div>
    `
  }

  /** The counter's set-aside tickets, above the waiting list, while there are any. */
  private renderAside(desk: Desk, now: number) {
    if (desk.aside.length === 0) return nothing
    const lang = this.language
    const alertMinutes = desk.snapshot.site.asideAlertMinutes
    const overdue = desk.aside.filter((x) => asideOverdue(x, now, alertMinutes)).length
    return html`<div class="aside-panel ${overdue > 0 ? 'overdue' : ''}" data-aside-panel>
      <div class="aside-title">
        ${t(lang, 'asideList')} <span class="n">${desk.aside.length}</span>
        ${overdue > 0 ? html`<span class="aside-alert" data-aside-alert>${t(lang, 'asideAlert', { n: overdue })}</span>` : nothing}
      </div>
      <qms-aside-list
        .tickets=${desk.aside}
        .services=${desk.snapshot.services}
        .language=${lang}
        .now=${now}
        .alertMinutes=${alertMinutes}
        .canResume=${this.online && !this.busy && desk.counter.status === 'open' && !desk.current}
      ></qms-aside-list>
    </div>`
  }

  private actionButton(action: ConsoleAction, label: MessageKey, enabled: boolean, cls: string) {
    return html`<button class=${cls} ?disabled=${!enabled} data-action=${action} @click=${() => this.perform(action)}>
      <span>${t(this.language, label)}</span>
      <span class="keys">${SHORTCUT_LABELS[action].map((k) => html`<kbd>${k}</kbd>`)}</span>
    </button>`
  }

  private renderNotice() {
    const notice = this.notice
    if (!notice) return nothing
    return html`<div class="notice ${notice.kind}" role=${notice.kind === 'error' ? 'alert' : 'status'} data-notice=${notice.kind}>
      <span data-notice-text>${notice.text}</span>
      <button @click=${() => (this.notice = null)} aria-label="OK">OK</button>
    </div>`
  }

  /** The procedures a visit at this counter may record: its fields' and the ticket's own field's. */
  private proceduresAt(desk: Desk) {
    const fields = new Set([...desk.counter.serviceIds, ...(desk.current ? [desk.current.serviceId] : [])])
    return desk.snapshot.procedures.filter((p) => fields.has(p.serviceId))
  }

  /** Finishing asks what was done where the centre requires it or the counter's fields have procedures. */
  private asksOutcome(desk: Desk): boolean {
    return desk.snapshot.site.outcomeRequired || desk.current?.procedureId != null || this.proceduresAt(desk).length > 0
  }

  private renderDialog(desk: Desk) {
    const lang = this.language
    if (this.dialog === 'finish' && desk.current) {
      return html`<qms-finish-dialog
        .ticket=${desk.current}
        .procedures=${this.proceduresAt(desk)}
        .services=${desk.snapshot.services}
        .required=${desk.snapshot.site.outcomeRequired}
        .error=${this.notice?.kind === 'error' ? this.notice.text : ''}
        .language=${lang}
        .busy=${this.busy}
      ></qms-finish-dialog>`
    }
    if (this.dialog === 'transfer' && desk.current) {
      return html`<qms-transfer-dialog
        .ticket=${desk.current}
        .services=${desk.snapshot.services}
        .counters=${desk.snapshot.counters.filter((c) => c.id !== desk.counter.id)}
        .language=${lang}
        .busy=${this.busy}
      ></qms-transfer-dialog>`
    }
    if (this.dialog === 'reprint') return html`<qms-reprint-dialog .language=${lang} .busy=${this.reprinting}></qms-reprint-dialog>`
    if (this.dialog === 'pause') return html`<qms-pause-dialog .language=${lang} .busy=${this.busy}></qms-pause-dialog>`
    if (this.dialog === 'close') {
      return html`<qms-close-dialog .language=${lang} .counterNumber=${desk.counter.number} .busy=${this.busy}></qms-close-dialog>`
    }
    return nothing
  }

  // ---- actions ----

  private readonly onKey = (event: KeyboardEvent): void => {
    if (this.dialog || this.choosing) return
    const action = shortcutFor(event)
    if (!action) return
    const desk = this.desk()
    if (!desk) return
    event.preventDefault()
    if (this.allowed(desk)[action]) this.perform(action)
  }

  private perform(action: ConsoleAction): void {
    const desk = this.desk()
    if (!desk || !this.allowed(desk)[action]) return
    const counterPath = `/api/counters/${desk.counter.id}`
    const current = desk.current
    const ticketPath = current ? `${counterPath}/tickets/${current.id}` : ''
    const ctx = { ticketNumber: current?.number ?? null, counterNumber: desk.counter.number }
    switch (action) {
      case 'callNext':
        void this.run(`${counterPath}/call-next`, undefined, ctx)
        break
      case 'recall':
        void this.run(`${ticketPath}/recall`, undefined, ctx)
        break
      case 'start':
        void this.run(`${ticketPath}/start`, undefined, ctx)
        break
      case 'finish':
        if (this.asksOutcome(desk)) {
          blurDeepActive()
          this.dialog = 'finish'
        } else void this.run(`${ticketPath}/finish`, undefined, ctx)
        break
      case 'setAside':
        void this.run(`${ticketPath}/set-aside`, undefined, ctx)
        break
      case 'noShow':
        void this.run(`${ticketPath}/no-show`, undefined, ctx)
        break
      case 'transfer':
        blurDeepActive()
        this.dialog = 'transfer'
        break
      case 'pause':
        if (desk.counter.status === 'paused') this.resume()
        else this.openPause()
        break
    }
  }

  /**
   * Sends one command. Success shows itself through the live queue; a refusal is explained and the
   * screen resynced, since a refusal usually means it was behind.
   */
  private async run<T>(
    path: string,
    body: unknown,
    ctx: { ticketNumber?: string | null; counterNumber?: number | null; holderName?: string | null },
  ): Promise<T | null> {
    if (this.busy || !this.session) return null
    blurDeepActive()
    const seqBefore = this.queue.state?.seq ?? 0
    this.awaiting = seqBefore
    if (this.settleTimer) clearTimeout(this.settleTimer)
    this.notice = null
    try {
      const result = await api<T>(path, { method: 'POST', body, csrfToken: this.session.csrfToken })
      if (this.awaiting === seqBefore) {
        this.settleTimer = setTimeout(() => {
          // The change never showed (an event lost on the way): ask for the truth rather than stay locked.
          if (this.awaiting !== seqBefore) return
          this.awaiting = null
          this.queue.resync()
        }, SETTLE_MS)
      }
      return result
    } catch (err) {
      if (this.awaiting === seqBefore) this.awaiting = null
      const code = err instanceof ApiError ? err.code : 'internal_error'
      if (code === 'unauthorized') {
        this.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
        return null
      }
      const details = err instanceof ApiError ? err.details : undefined
      this.show({ kind: 'error', text: refusalText(code, details, { lang: this.language, ...ctx }) })
      this.queue.resync()
      return null
    }
  }

  private show(notice: Notice): void {
    this.notice = notice
    if (this.noticeTimer) clearTimeout(this.noticeTimer)
    this.noticeTimer = setTimeout(() => {
      if (this.notice === notice) this.notice = null
    }, NOTICE_MS[notice.kind])
  }

  private readonly onCounterChosen = detached(async (event: Event): Promise<void> => {
    const id = detailOf<number>(event)
    const counter = this.queue.state?.counters.find((c) => c.id === id)
    const opened = await this.run<CounterView>(`/api/counters/${id}/open`, undefined, {
      counterNumber: counter?.number ?? null,
      holderName: counter?.staffName ?? null,
    })
    if (!opened) return
    rememberCounter(id)
    this.choosing = false
  })

  private readonly onCallTicket = (event: Event): void => {
    const desk = this.desk()
    if (!desk) return
    const ticketId = detailOf<number>(event)
    const ticket = desk.snapshot.tickets.find((x) => x.id === ticketId)
    void this.run(
      `/api/counters/${desk.counter.id}/call`,
      { ticketId },
      {
        ticketNumber: ticket?.number ?? null,
        counterNumber: desk.counter.number,
      },
    )
  }

  private readonly onReturnTicket = detached(async (event: Event): Promise<void> => {
    const ticketId = detailOf<number>(event)
    const ticket = this.noShows.find((x) => x.id === ticketId)
    const returned = await this.run<TicketView>(`/api/tickets/${ticketId}/return`, undefined, { ticketNumber: ticket?.number ?? null })
    if (returned) this.show({ kind: 'info', text: t(this.language, 'returned', { number: returned.number }) })
  })

  /** Resumes a set-aside ticket at this counter: it is served again, with its number and times. */
  private readonly onResumeTicket = (event: Event): void => {
    const desk = this.desk()
    if (!desk) return
    const ticketId = detailOf<number>(event)
    const ticket = desk.aside.find((x) => x.id === ticketId)
    void this.run(`/api/counters/${desk.counter.id}/tickets/${ticketId}/resume`, undefined, {
      ticketNumber: ticket?.number ?? null,
      counterNumber: desk.counter.number,
    })
  }

  private readonly onAbsentTicket = (event: Event): void => {
    const desk = this.desk()
    if (!desk) return
    const ticketId = detailOf<number>(event)
    const ticket = desk.aside.find((x) => x.id === ticketId)
    void this.run(`/api/counters/${desk.counter.id}/tickets/${ticketId}/no-show`, undefined, {
      ticketNumber: ticket?.number ?? null,
      counterNumber: desk.counter.number,
    })
  }

  private readonly onTransfer = detached(async (event: Event): Promise<void> => {
    const desk = this.desk()
    if (!desk?.current) return
    const current = desk.current
    const moved = await this.run<{ ticket: TicketView }>(`/api/counters/${desk.counter.id}/tickets/${current.id}/transfer`, detailOf<TransferChoice>(event), {
      ticketNumber: current.number,
      counterNumber: desk.counter.number,
    })
    if (!moved) return
    this.dialog = null
    this.show({ kind: 'info', text: t(this.language, 'transferred', { number: current.number }) })
  })

  private readonly onFinish = detached(async (event: Event): Promise<void> => {
    const desk = this.desk()
    if (!desk?.current) return
    const current = desk.current
    const outcomes = detailOf<OutcomeView[]>(event)
    const done = await this.run<TicketView>(`/api/counters/${desk.counter.id}/tickets/${current.id}/finish`, outcomes.length > 0 ? { outcomes } : undefined, {
      ticketNumber: current.number,
      counterNumber: desk.counter.number,
    })
    // A refusal keeps the dialog and what was typed in it; the notice behind says why.
    if (done) this.dialog = null
  })

  private readonly onPause = detached(async (event: Event): Promise<void> => {
    const desk = this.desk()
    if (!desk) return
    const paused = await this.run<CounterView>(
      `/api/counters/${desk.counter.id}/pause`,
      { reason: detailOf<string>(event) },
      { counterNumber: desk.counter.number },
    )
    if (paused) this.dialog = null
  })

  private readonly openReprint = (): void => {
    blurDeepActive()
    this.dialog = 'reprint'
  }

  private readonly onReprintTicket = (event: Event): void => {
    const id = detailOf<number>(event)
    const ticket = this.queue.state?.tickets.find((x) => x.id === id)
    void this.reprint(`/api/tickets/${id}/reprint`, undefined, ticket?.number ?? null)
  }

  private readonly onReprintNumber = detached(async (event: Event): Promise<void> => {
    const number = detailOf<string>(event)
    if (await this.reprint('/api/tickets/reprint-number', { number }, number)) this.dialog = null
  })

  /**
   * Prints a ticket again on the printer of the kiosk that issued it and says how it went. It changes
   * nothing in the queue, so the console's actions stay available meanwhile.
   */
  private async reprint(path: string, body: unknown, number: string | null): Promise<boolean> {
    if (this.reprinting || !this.session) return false
    this.reprinting = true
    try {
      const done = await api<{ number: string; kioskName: string; status: 'printed' | 'failed' }>(path, {
        method: 'POST',
        body: body ?? {},
        csrfToken: this.session.csrfToken,
        timeoutMs: 20_000,
      })
      const key = done.status === 'printed' ? 'reprinted' : 'reprintFailed'
      this.show({ kind: done.status === 'printed' ? 'info' : 'error', text: t(this.language, key, { number: done.number, kiosk: done.kioskName }) })
      return done.status === 'printed'
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'internal_error'
      if (code === 'unauthorized') {
        this.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
        return false
      }
      const details = err instanceof ApiError ? err.details : undefined
      this.show({ kind: 'error', text: refusalText(code, details, { lang: this.language, ticketNumber: number }) })
      return false
    } finally {
      this.reprinting = false
    }
  }

  private readonly onDialogCancel = (): void => {
    this.dialog = null
  }

  private readonly openPause = (): void => {
    blurDeepActive()
    this.dialog = 'pause'
  }

  private readonly resume = (): void => {
    const desk = this.desk()
    if (!desk) return
    void this.run(`/api/counters/${desk.counter.id}/resume`, undefined, { counterNumber: desk.counter.number })
  }

  private readonly changeCounter = (): void => {
    this.choosing = true
  }

  /** Closing is asked in a dialog first: it sends the staff member back to choosing a counter. */
  private readonly closeCounter = (): void => {
    blurDeepActive()
    this.dialog = 'close'
  }

  private readonly onCloseConfirmed = detached(async (): Promise<void> => {
    const desk = this.desk()
    if (!desk) return
    await this.run(`/api/counters/${desk.counter.id}/close`, undefined, { counterNumber: desk.counter.number })
    // Closed or refused, the dialog goes: a refusal is explained in the notice it would hide.
    this.dialog = null
  })

  // ---- today's no-shows: fetched on every snapshot, kept current by events ----

  private async loadNoShows(): Promise<void> {
    try {
      const { tickets } = await api<{ tickets: TicketView[] }>('/api/tickets/no-shows')
      this.noShows = tickets
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthorized') {
        this.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
      }
      // Otherwise keep the list we have; the next snapshot tries again.
    }
  }

  private onQueueEvent(event: QueueEvent): void {
    switch (event.name) {
      case 'ticket:no_show': {
        const ticket = event.payload.ticket
        this.noShows = [ticket, ...this.noShows.filter((x) => x.id !== ticket.id)]
        break
      }
      case 'ticket:returned': {
        const id = event.payload.ticket.id
        this.noShows = this.noShows.filter((x) => x.id !== id)
        break
      }
      case 'day:closed':
        void this.loadNoShows()
        break
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-console': QmsConsole
  }
}
