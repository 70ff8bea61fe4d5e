/**
 * The counter's set-aside tickets (the citizen stepped out to copy or fetch a paper), longest aside
 * first, each with how long it has been aside. One aside longer than the site's reminder time comes
 * back to the officer's attention: its row turns red and says so. Dispatches `qms-resume-ticket`
 * (detail: ticket id) when the officer resumes one at this counter, `qms-absent-ticket` when the
 * officer marks one absent (the citizen did not come back).
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { ServiceView, TicketView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { minutesWaited, nameIn } from './format.js'
import { controls, ticketList, tokens } from './styles.js'

/** Whether a set-aside ticket has been aside longer than the reminder time, at `now`. */
export function asideOverdue(ticket: Pick<TicketView, 'asideAt'>, now: number, alertMinutes: number): boolean {
  return ticket.asideAt !== null && now - ticket.asideAt >= alertMinutes * 60_000
}

@customElement('qms-aside-list')
export class QmsAsideList extends LitElement {
  /** This counter's set-aside tickets. */
  @property({ attribute: false }) tickets: TicketView[] = []
  @property({ attribute: false }) services: ServiceView[] = []
  @property() language: Lang = 'vi'
  /** Server time now. */
  @property({ type: Number }) now = 0
  /** The site's reminder time (minutes). */
  @property({ type: Number }) alertMinutes = 15
  /** The counter is free and open: a ticket can be resumed. */
  @property({ type: Boolean }) canResume = false

  static override styles = [
    tokens,
    controls,
    ticketList,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 5.5rem 1fr auto auto;
        align-items: center;
        gap: 0.6rem;
        padding: 0.4rem 0.75rem;
        border-bottom: 1px solid #f0e2c0;
      }
      li.overdue {
        background: #fdecea;
        border-left: 4px solid #c62828;
      }
      .number {
        font-weight: 700;
        font-size: 1.25rem;
        color: #8a5a00;
      }
      li.overdue .number {
        color: #b71c1c;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .since {
        display: block;
        font-size: 0.85rem;
        color: var(--qms-muted);
      }
      li button {
        white-space: nowrap;
      }
      li.overdue .since {
        color: #b71c1c;
        font-weight: 600;
      }
    `,
  ]

  override render() {
    const lang = this.language
    if (this.tickets.length === 0) return nothing
    const sorted = [...this.tickets].sort((a, b) => (a.asideAt ?? 0) - (b.asideAt ?? 0) || a.id - b.id)
    return html`<ul>
      ${sorted.map((ticket) => {
        const service = this.services.find((s) => s.id === ticket.serviceId)
        const overdue = asideOverdue(ticket, this.now, this.alertMinutes)
        const n = minutesWaited(this.now - (ticket.asideAt ?? this.now))
        return html`<li class=${overdue ? 'overdue' : ''} data-aside=${ticket.number} ?data-overdue=${overdue} role=${overdue ? 'alert' : nothing}>
          <span class="number">${ticket.number}</span>
          <span class="name"
            >${service ? nameIn(lang, service) : ''}
            <span class="since" data-aside-since>${t(lang, overdue ? 'asideOverdue' : 'asideFor', { n })}</span></span
          >
          <button class="success" ?disabled=${!this.canResume} @click=${() => this.resume(ticket.id)} data-action="resume-ticket">${t(lang, 'resumeTicket')}</button>
          <button @click=${() => this.absent(ticket.id)} data-action="absent-ticket">${t(lang, 'noShow')}</button>
        </li>`
      })}
    </ul>`
  }

  private resume(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-resume-ticket', { detail: id, bubbles: true, composed: true }))
  }

  /** The citizen did not come back: the ticket ends as absent (it may still return to the queue). */
  private absent(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-absent-ticket', { detail: id, bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-aside-list': QmsAsideList
  }
}
