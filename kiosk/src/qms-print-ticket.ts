/**
 * The paper ticket for kiosks whose USB printer is driven by the operating system: laid out in
 * millimetres for 80 mm (72 mm printable) or 58 mm (48 mm printable) rolls and printed with
 * `window.print()` (Chrome started with --kiosk-printing prints it without a dialog). It holds
 * the same items as the server-rendered ticket and, like it, is always in Vietnamese.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { IssuedTicket } from '../../shared/types.js'
import { formatWait } from '../../shared/wait-text.js'
import { t } from './messages.js'
import { formatTicketTime } from '../../shared/local-time.js'
import './qms-qr-code.js'

@customElement('qms-print-ticket')
export class QmsPrintTicket extends LitElement {
  @property({ attribute: false }) issued: IssuedTicket | null = null
  @property() siteName = ''
  @property() footer = ''
  @property() priorityName = ''
  @property() timeZone = 'Asia/Ho_Chi_Minh'
  /** Paper roll width in mm. */
  @property({ type: Number, reflect: true, attribute: 'paper-width' }) paperWidth: 58 | 80 = 80

  override render() {
    const i = this.issued
    if (!i) return nothing
    const vi = 'vi' as const
    return html`
      <div class="site">${this.siteName}</div>
      <hr />
      <div class="service">${i.serviceNameVi}</div>
      ${i.procedureNameVi ? html`<div class="procedure">${i.procedureNameVi}</div>` : nothing}
      <div class="label">${t(vi, 'ticketNumberLabel')}</div>
      <div class="number">${i.ticket.number}</div>
      ${this.priorityName ? html`<div class="priority">${t(vi, 'priorityLabel').toUpperCase()}: ${this.priorityName}</div>` : nothing}
      <hr />
      <div class="line">${t(vi, 'issuedAt')}: ${formatTicketTime(i.ticket.issuedAt, this.timeZone)}</div>
      <div class="line">${t(vi, 'ticketWaitingAhead')}: ${i.waitingAhead}</div>
      <div class="line" data-testid="print-wait">${t(vi, 'ticketEstimatedWait')}: ${formatWait(vi, i)}</div>
      <qms-qr-code .value=${i.trackingUrl}></qms-qr-code>
      <div class="caption">${t(vi, 'ticketScan')}</div>
      ${this.footer ? html`<hr /><div class="footer">${this.footer}</div>` : nothing}
    `
  }

  static override styles = css`
    :host {
      display: block;
      box-sizing: border-box;
      width: 72mm;
      padding: 2mm 0 6mm;
      color: #000;
      background: #fff;
      font-family: 'Be Vietnam Pro', 'Segoe UI', Arial, sans-serif;
      text-align: center;
      font-size: 3.4mm;
      line-height: 1.3;
    }
    :host([paper-width='58']) {
      width: 48mm;
      font-size: 3mm;
    }
    hr {
      border: none;
      border-top: 0.5mm solid #000;
      margin: 1.5mm 0 2mm;
    }
    .site {
      font-weight: 700;
      font-size: 1.1em;
    }
    .service {
      font-weight: 700;
      font-size: 1.5em;
    }
    .procedure {
      font-weight: 600;
      margin-top: 0.8mm;
    }
    .label {
      margin-top: 1.5mm;
    }
    .number {
      font-weight: 800;
      font-size: 20mm;
      line-height: 1.05;
      margin-bottom: 1.5mm;
    }
    :host([paper-width='58']) .number {
      font-size: 14mm;
    }
    .priority {
      background: #000;
      color: #fff;
      font-weight: 700;
      padding: 1mm 2mm;
      /* Without this, browsers drop background colours when printing. */
      -webkit-print-color-adjust: exact;
      print-color-adjust: exact;
    }
    .line {
      text-align: center;
    }
    qms-qr-code {
      width: 30mm;
      height: 30mm;
      margin: 2mm auto 0;
      display: block;
    }
    .caption,
    .footer {
      font-size: 0.9em;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-print-ticket': QmsPrintTicket
  }
}
