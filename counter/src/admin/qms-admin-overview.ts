/**
 * The manager's live overview: every counter (serving whom, since when, paused and why, who is
 * there), the queue per service, and the longest current wait. Live over the site's socket.
 */
import { css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { DeviceStatusEvent } from '../../../shared/contract.js'
import { holdsCounter } from '../../../shared/lifecycle.js'
import type { DeviceView } from '../../../shared/types.js'
import type { CounterView, QueueSnapshot, ServiceView, TicketView } from '../../../shared/types.js'
import { ticketAt } from '../../../shared/queue-state.js'
import { QueueController } from '../../../shared/web/queue-controller.js'
import { formatTime } from '../../../shared/web/i18n.js'
import { controls, tokens } from '../console/styles.js'
import { TickController } from '../console/ticker.js'
import { clockDuration, minutesWaited, nameIn } from '../console/format.js'
import { AdminScreen } from './admin-screen.js'
import { adminStyles } from './admin-styles.js'
import { printerProblem } from './messages.js'

interface ServiceQueue {
  service: ServiceView
  waiting: number
  /** Queued-at instant of the earliest waiting ticket. */
  oldest: number | null
}

export function queuesByService(state: QueueSnapshot): ServiceQueue[] {
  return state.services
    .filter((s) => s.active || state.tickets.some((t) => t.serviceId === s.id && t.status === 'waiting'))
    .map((service) => {
      const waiting = state.tickets.filter((t) => t.serviceId === service.id && t.status === 'waiting')
      return { service, waiting: waiting.length, oldest: waiting.length ? Math.min(...waiting.map((t) => t.queuedAt)) : null }
    })
}

@customElement('qms-admin-overview')
export class QmsAdminOverview extends AdminScreen {
  /** The socket also carries printer status, so a kiosk that cannot print shows up here at once. */
  private readonly queue = new QueueController(this, {
    extra: (socket) => socket.on('device:status', (status) => this.applyStatus(status)),
  })
  /** Kiosks, for their printers' state. */
  @state() private kiosks: DeviceView[] = []

  override connectedCallback(): void {
    super.connectedCallback()
    void this.loadKiosks()
  }

  private async loadKiosks(): Promise<void> {
    try {
      const { devices } = await this.call<{ devices: DeviceView[] }>('/api/admin/devices')
      this.kiosks = devices.filter((d) => d.kind === 'kiosk' && !d.revoked)
    } catch {
      // The overview works without printer news; the devices screen says why it could not load.
    }
  }

  private applyStatus(status: DeviceStatusEvent): void {
    this.kiosks = this.kiosks.map((d) => (d.id === status.deviceId ? { ...d, printerStatus: status.printerStatus, printerError: status.printerError } : d))
  }
  private readonly tick = new TickController(this)
  private lastConnection: string | null = null

  static override styles = [
    tokens,
    controls,
    adminStyles,
    css`
      .stats {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 1rem;
        margin-bottom: 1.5rem;
      }
      .stat {
        background: var(--qms-card);
        border: 1px solid var(--qms-line);
        border-radius: 0.8rem;
        padding: 1rem 1.2rem;
      }
      .stat .label {
        color: var(--qms-muted);
        font-weight: 600;
      }
      .stat .value {
        font-size: 2.4rem;
        font-weight: 800;
        line-height: 1.15;
        font-variant-numeric: tabular-nums;
      }
      .stat.alert .value {
        color: var(--qms-danger);
      }
      h2 {
        font-size: 1.2rem;
        margin: 0 0 0.7rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.7fr) minmax(0, 1fr);
        gap: 1.5rem;
        align-items: start;
      }
      .counters {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 0.8rem;
      }
      .counter {
        background: var(--qms-card);
        border: 1px solid var(--qms-line);
        border-left: 0.4rem solid #b8c3d3;
        border-radius: 0.7rem;
        padding: 0.8rem 1rem;
        display: grid;
        gap: 0.3rem;
      }
      .counter.open {
        border-left-color: var(--qms-success);
      }
      .counter.paused {
        border-left-color: #e39a1f;
      }
      .counter .top {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      .counter .name {
        font-weight: 800;
        font-size: 1.15rem;
      }
      .ticket {
        font-size: 1.9rem;
        font-weight: 800;
        color: var(--qms-primary-dark);
        font-variant-numeric: tabular-nums;
      }
      .since {
        color: var(--qms-muted);
        font-variant-numeric: tabular-nums;
      }
      .idle {
        color: var(--qms-muted);
        font-style: italic;
        padding: 0.55rem 0;
      }
      .reason {
        color: var(--qms-warning);
        font-weight: 600;
      }
      td.big {
        font-size: 1.35rem;
        font-weight: 800;
      }
      .over {
        color: var(--qms-danger);
        font-weight: 700;
      }
      .live {
        color: var(--qms-muted);
        font-size: 0.9rem;
      }
    `,
  ]

  override updated(): void {
    // Tell the app shell how the live connection is, for its top bar.
    if (this.queue.connection !== this.lastConnection) {
      this.lastConnection = this.queue.connection
      this.dispatchEvent(new CustomEvent('qms-connection', { detail: this.queue.connection, bubbles: true, composed: true }))
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.dispatchEvent(new CustomEvent('qms-connection', { detail: null, bubbles: true, composed: true }))
  }

  override render() {
    void this.tick
    const state = this.queue.state
    if (!state) return html`<h1>${this.tr('overviewTitle')}</h1><div class="card"><p class="empty">${this.tr('loading')}</p></div>`
    const now = this.queue.now()
    const queues = queuesByService(state)
    const waiting = state.tickets.filter((t) => t.status === 'waiting')
    const oldest = waiting.length ? Math.min(...waiting.map((t) => t.queuedAt)) : null
    const longestMinutes = oldest === null ? null : minutesWaited(now - oldest)
    const oldestTicket = oldest === null ? null : waiting.find((t) => t.queuedAt === oldest)
    const targetOfOldest = oldestTicket ? state.services.find((s) => s.id === oldestTicket.serviceId)?.targetWaitMinutes : undefined
    const open = state.counters.filter((c) => c.status !== 'closed').length
    const serving = state.tickets.filter((t) => holdsCounter(t.status)).length
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('overviewTitle')}</h1>
          <p class="live">${this.tr('asOf', { time: formatTime(now, state.site.timeZone, this.uiLang, true) })}</p>
        </div>
      </div>
      ${this.kiosks
        .filter((k) => k.printerError)
        .map(
          (k) => html`<div class="notice error" role="alert" data-printer-trouble=${k.id}>
            ${this.tr('printerTrouble', { name: k.name, problem: printerProblem(k.printerError ?? '', this.uiLang) })}
          </div>`,
        )}
      <div class="stats">
        <div class="stat" data-stat="waiting"><div class="label">${this.tr('waitingTotal')}</div><div class="value">${waiting.length}</div></div>
        <div class="stat ${longestMinutes !== null && targetOfOldest !== undefined && longestMinutes > targetOfOldest ? 'alert' : ''}" data-stat="longest">
          <div class="label">${this.tr('longestWait')}</div>
          <div class="value">${longestMinutes === null ? this.tr('none') : this.tr('minutes', { n: longestMinutes })}</div>
        </div>
        <div class="stat" data-stat="open"><div class="label">${this.tr('countersOpen')}</div><div class="value">${open} / ${state.counters.length}</div></div>
        <div class="stat" data-stat="serving"><div class="label">${this.tr('servingNow')}</div><div class="value">${serving}</div></div>
      </div>
      <div class="layout">
        <section>
          <h2>${this.tr('countersTitle')}</h2>
          <div class="counters">${state.counters.map((c) => this.renderCounter(c, state, now))}</div>
        </section>
        <section>
          <h2>${this.tr('servicesTitle')}</h2>
          <div class="card">
            <table>
              <thead>
                <tr>
                  <th>${this.tr('name')}</th>
                  <th>${this.tr('waitingCount')}</th>
                  <th>${this.tr('longestWait')}</th>
                </tr>
              </thead>
              <tbody>
                ${queues.map((q) => {
                  const minutes = q.oldest === null ? null : minutesWaited(now - q.oldest)
                  const over = minutes !== null && minutes > q.service.targetWaitMinutes
                  return html`<tr data-service=${q.service.code}>
                    <td><span class="code">${q.service.code}</span><span class="sub">${nameIn(this.uiLang, q.service)}</span></td>
                    <td class="num big">${q.waiting}</td>
                    <td class="num ${over ? 'over' : ''}">${minutes === null ? this.tr('none') : this.tr('minutes', { n: minutes })}
                      <span class="sub">${this.tr('targetShort', { n: q.service.targetWaitMinutes })}</span></td>
                  </tr>`
                })}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    `
  }

  private renderCounter(c: CounterView, state: QueueSnapshot, now: number) {
    const ticket: TicketView | undefined = ticketAt(state, c)
    const stateKey = { open: 'stateOpen', paused: 'statePaused', closed: 'stateClosed' } as const
    const badge = { open: 'on', paused: 'warn', closed: 'off' } as const
    const since = ticket ? (ticket.status === 'serving' ? ticket.servingAt : ticket.calledAt) : null
    return html`<article class="counter ${c.status}" data-counter=${c.number}>
      <div class="top">
        <span class="name">${this.tr('counterN', { n: c.number })}</span>
        <span class="badge ${badge[c.status]}">${this.tr(stateKey[c.status])}</span>
      </div>
      <div class="sub">${c.staffName ?? this.tr('noStaff')}</div>
      ${
        ticket
          ? html`<div class="ticket">${ticket.number}</div>
            <div class="since">
              ${this.tr(ticket.status === 'serving' ? 'servingSince' : 'calledSince', { time: since ? formatTime(since, state.site.timeZone, this.uiLang) : '' })}
              · ${since ? clockDuration(now - since) : ''}
            </div>`
          : c.status === 'closed'
            ? nothing
            : html`<div class="idle">${this.tr('idle')}</div>`
      }
      ${c.status === 'paused' && c.pauseReason ? html`<div class="reason">${this.tr('pausedBecause', { reason: c.pauseReason })}</div>` : nothing}
    </article>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-overview': QmsAdminOverview
  }
}
