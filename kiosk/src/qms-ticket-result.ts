/**
 * The number the server issued, in very large type, with the service, the wait, a QR code of the
 * tracking link and what happened to the paper ticket. Returns home by itself after `seconds`.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { IssuedTicket } from '../../shared/types.js'
import type { Lang } from '../../shared/web/i18n.js'
import { formatWait } from '../../shared/wait-text.js'
import { t, type MessageKey } from './messages.js'
import './qms-qr-code.js'

export type PrintState = IssuedTicket['print']['status']

const NO_PAPER_SECONDS = 30

const PRINT_TEXT: Record<PrintState, MessageKey> = {
  printed: 'printPrinted',
  pending: 'printPending',
  browser: 'printBrowser',
  failed: 'printFailed',
  none: 'printNone',
}

@customElement('qms-ticket-result')
export class QmsTicketResult extends LitElement {
  /** The server's answer; nothing here is made up by the kiosk. */
  @property({ attribute: false }) issued!: IssuedTicket
  /** What happened to the paper ticket, updated when a late `print:result` arrives. */
  @property() printState: PrintState = 'none'
  /** Name of the declared priority group, if any. */
  @property() priorityName = ''
  @property() language: Lang = 'vi'
  /** Seconds before the screen goes back home by itself. */
  @property({ type: Number }) seconds = 15
  @state() private left = 15
  #timer: ReturnType<typeof setInterval> | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    this.left = this.seconds
    this.#timer = setInterval(() => {
      this.left -= 1
      if (this.left <= 0) this.finish()
    }, 1000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#timer)
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // Without paper the citizen must note the number down: give them time to.
    if (changed.has('printState') && (this.printState === 'failed' || this.printState === 'none')) {
      this.left = Math.max(this.left, NO_PAPER_SECONDS)
    }
  }

  private finish(): void {
    clearInterval(this.#timer)
    this.dispatchEvent(new CustomEvent('result-done', { bubbles: true, composed: true }))
  }

  override render() {
    const i = this.issued
    const lang = this.language
    const [primary, secondary] = lang === 'en' ? [i.serviceNameEn, i.serviceNameVi] : [i.serviceNameVi, i.serviceNameEn]
    const trouble = this.printState === 'failed' || this.printState === 'none'
    return html`
      <section class="ticket">
        <p class="label">${t(lang, 'yourNumber')}</p>
        <p class="number" data-testid="ticket-number" style="--chars:${Math.max(4, i.ticket.number.length)}">${i.ticket.number}</p>
        ${this.priorityName ? html`<p class="priority" data-testid="priority">${t(lang, 'priorityLabel')}: ${this.priorityName}</p>` : nothing}
        <p class="service">${primary}</p>
        <p class="service-secondary">${secondary}</p>
        ${
          i.procedureNameVi
            ? html`<p class="procedure" data-testid="result-procedure">${t(lang, 'procedureLabel')}: ${lang === 'en' && i.procedureNameEn ? i.procedureNameEn : i.procedureNameVi}</p>`
            : nothing
        }
        <dl>
          <div>
            <dt>${t(lang, 'waitingAhead')}</dt>
            <dd data-testid="waiting-ahead">${i.waitingAhead}</dd>
          </div>
          <div>
            <dt>${t(lang, 'estimatedWaitLabel')}</dt>
            <dd data-testid="wait" class=${i.servingCounters === 'open' ? '' : 'no-counter'}>${formatWait(lang, i)}</dd>
          </div>
        </dl>
      </section>
      <section class="side">
        <div class="qr">
          <qms-qr-code .value=${i.trackingUrl} label=${t(lang, 'scanToFollow')}></qms-qr-code>
          <p>${t(lang, 'scanToFollow')}</p>
        </div>
        <p class="print ${trouble ? 'trouble' : ''}" data-testid="print-status" data-state=${this.printState}>
          ${t(lang, PRINT_TEXT[this.printState])}
        </p>
        <button class="done" @click=${this.finish} data-testid="done">${t(lang, 'done')} (${Math.max(0, this.left)})</button>
      </section>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      align-items: stretch;
      justify-content: center;
      gap: 3vmin;
      padding: 3vmin 5vmin;
      min-height: 0;
      box-sizing: border-box;
    }
    @media (orientation: landscape) {
      :host {
        flex-direction: row;
        align-items: center;
      }
      .ticket {
        flex: 1.3;
      }
      .side {
        flex: 1;
      }
    }
    p {
      margin: 0;
    }
    .ticket {
      text-align: center;
      background: #fff;
      border-radius: 2.4vmin;
      padding: 3vmin 4vmin 3.5vmin;
      box-shadow: 0 0.6vmin 2vmin rgba(11, 45, 80, 0.12);
      border-top: 1.4vmin solid var(--brand);
    }
    .label {
      font-size: 3.4vmin;
      color: var(--muted);
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .number {
      /* As large as fits: five or six characters (X0012, 10001) shrink instead of overflowing. */
      font-size: min(24vmin, calc(118vmin / var(--chars)));
      font-weight: 800;
      line-height: 1.05;
      color: var(--brand);
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.02em;
    }
    .priority {
      display: inline-block;
      margin: 0.5vmin 0 1.5vmin;
      padding: 0.8vmin 2.4vmin;
      border-radius: 99vmin;
      background: var(--priority);
      color: #fff;
      font-size: 2.8vmin;
      font-weight: 700;
    }
    .service {
      font-size: 4.4vmin;
      font-weight: 800;
      color: var(--ink);
    }
    .service-secondary {
      font-size: 2.5vmin;
      color: var(--muted);
    }
    .procedure {
      font-size: 3vmin;
      font-weight: 700;
      color: var(--brand);
      line-height: 1.3;
    }
    dl {
      display: flex;
      justify-content: center;
      gap: 3vmin;
      margin: 3vmin 0 0;
    }
    dl div {
      flex: 1;
      max-width: 34vmin;
      padding: 1.6vmin 2vmin;
      border-radius: 1.4vmin;
      background: var(--brand-pale);
    }
    dt {
      font-size: 2.3vmin;
      color: var(--muted);
    }
    dd {
      margin: 0.4vmin 0 0;
      font-size: 5vmin;
      font-weight: 800;
      color: var(--ink);
    }
    /* "Chưa có quầy mở" is a sentence, not a figure: smaller, in the warning colour. */
    dd.no-counter {
      font-size: 3.6vmin;
      color: var(--danger);
    }
    .side {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 2.4vmin;
      text-align: center;
    }
    .qr {
      display: flex;
      align-items: center;
      gap: 2.4vmin;
      background: #fff;
      border-radius: 2vmin;
      padding: 1.6vmin 2.4vmin;
      box-shadow: 0 0.4vmin 1.2vmin rgba(11, 45, 80, 0.1);
    }
    qms-qr-code {
      width: 22vmin;
      height: 22vmin;
      flex: none;
    }
    .qr p {
      max-width: 30vmin;
      font-size: 2.5vmin;
      text-align: left;
      color: var(--ink);
    }
    .print {
      font-size: 3vmin;
      font-weight: 700;
      color: var(--ok);
    }
    .print.trouble {
      padding: 1.4vmin 2.4vmin;
      border-radius: 1.4vmin;
      background: var(--danger-pale);
      color: var(--danger);
    }
    .done {
      min-width: 40vmin;
      min-height: 10vmin;
      border: none;
      border-radius: 1.6vmin;
      background: var(--brand);
      color: #fff;
      font: inherit;
      font-size: 3.6vmin;
      font-weight: 800;
      cursor: pointer;
    }
    .done:active {
      filter: brightness(1.15);
    }
    /* Portrait screens have height to spare: a bigger number and QR code. */
    @media (orientation: portrait) {
      .number {
        font-size: min(30vmin, calc(108vmin / var(--chars)));
      }
      qms-qr-code {
        width: 28vmin;
        height: 28vmin;
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-ticket-result': QmsTicketResult
  }
}
