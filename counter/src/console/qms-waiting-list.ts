/**
 * Tickets waiting for my counter, in the order call-next takes them (the first is marked next):
 * number, service, priority group, time waited (ticking).
 * Dispatches `qms-call-ticket` (detail: ticket id) from each row's call button, and
 * `qms-reprint-ticket` (detail: ticket id) from its reprint button.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { repeat } from 'lit/directives/repeat.js'
import type { PriorityGroupView, ServiceView, TicketView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { minutesWaited, nameIn } from './format.js'
import { shortGroupName } from './qms-current-ticket.js'
import { controls, ticketList, tokens } from './styles.js'

@customElement('qms-waiting-list')
export class QmsWaitingList extends LitElement {
  /** In call order: the first is the next call. */
  @property({ attribute: false }) tickets: TicketView[] = []
  @property({ attribute: false }) services: ServiceView[] = []
  @property({ attribute: false }) groups: PriorityGroupView[] = []
  @property() language: Lang = 'vi'
  @property({ type: Number }) now = 0
  /** My counter's id: tickets transferred to it are marked. */
  @property({ type: Number }) counterId = 0
  /** Whether a ticket may be called now (counter open, nothing in progress, online). */
  @property({ type: Boolean }) canCall = false
  /** Whether a ticket may be reprinted now (online, no reprint under way). */
  @property({ type: Boolean }) canReprint = false

  static override styles = [
    tokens,
    controls,
    ticketList,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        position: sticky;
        top: 0;
        background: #f5f7fb;
        text-align: left;
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.03em;
        color: var(--qms-muted);
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid var(--qms-line);
        z-index: 1;
      }
      td {
        padding: 0.45rem 0.75rem;
        border-bottom: 1px solid #e7ebf2;
        vertical-align: middle;
      }
      tr.priority td:first-child {
        box-shadow: inset 4px 0 0 #d6337f;
      }
      tr.reserved td:first-child {
        box-shadow: inset 4px 0 0 var(--qms-primary);
      }
      tr.next td {
        background: var(--qms-primary-soft);
      }
      .badge.next {
        display: block;
        width: fit-content;
        margin-top: 0.15rem;
        background: var(--qms-primary);
        color: #fff;
        font-size: 0.72rem;
        letter-spacing: 0.02em;
      }
      /* The service column takes what the others leave (a long name wraps, a note is cut with "…"),
         so the row's buttons always stay inside the panel, at 1366×768 too. */
      td.service {
        font-size: 0.95rem;
        width: 100%;
        max-width: 0;
      }
      .note {
        display: block;
        font-size: 0.82rem;
        color: var(--qms-primary-dark);
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .waited {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        font-weight: 600;
      }
      .waited.late {
        color: var(--qms-warning);
      }
      .waited.very-late {
        color: var(--qms-danger);
      }
      td.action {
        text-align: right;
        width: 1%;
      }
      td.action {
        white-space: nowrap;
      }
      td.action button {
        padding: 0.35rem 0.75rem;
      }
      td.action button.reprint {
        padding: 0.35rem 0.5rem;
        margin-right: 0.3rem;
        font-weight: 600;
        font-size: 0.9rem;
      }
    `,
  ]

  override render() {
    const lang = this.language
    if (this.tickets.length === 0) return html`<div class="empty">${t(lang, 'nobodyWaiting')}</div>`
    return html`
      <table>
        <thead>
          <tr>
            <th>${t(lang, 'colNumber')}</th>
            <th>${t(lang, 'colService')}</th>
            <th>${t(lang, 'colWaited')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            this.tickets,
            (ticket) => ticket.id,
            (ticket, i) => this.renderRow(ticket, i === 0),
          )}
        </tbody>
      </table>
    `
  }

  private renderRow(ticket: TicketView, next: boolean) {
    const lang = this.language
    const service = this.services.find((s) => s.id === ticket.serviceId)
    const group = ticket.priorityGroupId === null ? undefined : this.groups.find((g) => g.id === ticket.priorityGroupId)
    const reserved = ticket.targetCounterId === this.counterId
    const minutes = minutesWaited(this.now - ticket.issuedAt)
    const target = service?.targetWaitMinutes ?? 0
    const lateness = target > 0 && minutes >= 2 * target ? 'very-late' : target > 0 && minutes >= target ? 'late' : ''
    return html`
      <tr class="${group ? 'priority' : ''} ${reserved ? 'reserved' : ''} ${next ? 'next' : ''}" data-ticket=${ticket.number} ?data-next=${next}>
        <td class="number">${ticket.number}${next ? html`<span class="badge next" data-next-badge>${t(lang, 'nextToCall')}</span>` : ''}</td>
        <td class="service">
          ${service ? nameIn(lang, service) : ''}
          ${group ? html` <span class="badge priority" title=${nameIn(lang, group)}>${shortGroupName(group, lang)}</span>` : ''}
          ${reserved ? html` <span class="badge reserved">${t(lang, 'reservedHere')}</span>` : ''}
          ${ticket.transferNote ? html`<span class="note" title=${ticket.transferNote}>${ticket.transferNote}</span>` : ''}
        </td>
        <td class="waited ${lateness}">${minutes < 1 ? t(lang, 'underAMinute') : t(lang, 'minutes', { n: minutes })}</td>
        <td class="action">
          <button
            class="reprint"
            data-reprint
            ?disabled=${!this.canReprint}
            title=${t(lang, 'reprintThis', { number: ticket.number })}
            aria-label=${t(lang, 'reprintThis', { number: ticket.number })}
            @click=${() => this.reprint(ticket.id)}
          >
            ${t(lang, 'reprintShort')}
          </button>
          <button data-call ?disabled=${!this.canCall} @click=${() => this.call(ticket.id)}>${t(lang, 'callThis')}</button>
        </td>
      </tr>
    `
  }

  private reprint(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-reprint-ticket', { detail: id, bubbles: true, composed: true }))
  }

  private call(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-call-ticket', { detail: id, bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-waiting-list': QmsWaitingList
  }
}
