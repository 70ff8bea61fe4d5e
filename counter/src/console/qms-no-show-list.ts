/**
 * Today's absent tickets of my services, latest first. A citizen who turns up late is put back in
 * the queue with one click. Dispatches `qms-return-ticket` (detail: ticket id).
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { ServiceView, TicketView } from '../../../shared/types.js'
import { formatTime, type Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { nameIn } from './format.js'
import { controls, ticketList, tokens } from './styles.js'

@customElement('qms-no-show-list')
export class QmsNoShowList extends LitElement {
  @property({ attribute: false }) tickets: TicketView[] = []
  @property({ attribute: false }) services: ServiceView[] = []
  @property() language: Lang = 'vi'
  @property() timeZone = 'Asia/Ho_Chi_Minh'
  @property({ type: Boolean }) canReturn = false

  static override styles = [
    tokens,
    controls,
    ticketList,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 6.5rem 1fr auto;
        align-items: center;
        gap: 0.75rem;
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid #e7ebf2;
      }
      .number {
        color: #6b7689;
      }
      .when {
        display: block;
        font-size: 0.85rem;
        color: var(--qms-muted);
      }
    `,
  ]

  override render() {
    const lang = this.language
    if (this.tickets.length === 0) return html`<div class="empty">${t(lang, 'noNoShows')}</div>`
    return html`<ul>
      ${this.tickets.map((ticket) => {
        const service = this.services.find((s) => s.id === ticket.serviceId)
        return html`<li data-ticket=${ticket.number}>
          <span class="number">${ticket.number}</span>
          <span
            >${service ? nameIn(lang, service) : ''}
            ${
              ticket.finishedAt !== null
                ? html`<span class="when">${t(lang, 'absentAt', { time: formatTime(ticket.finishedAt, this.timeZone, lang) })}</span>`
                : ''
            }</span
          >
          <button ?disabled=${!this.canReturn} @click=${() => this.return(ticket.id)}>${t(lang, 'returnToQueue')}</button>
        </li>`
      })}
    </ul>`
  }

  private return(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-return-ticket', { detail: id, bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-no-show-list': QmsNoShowList
  }
}
