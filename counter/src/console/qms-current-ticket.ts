/** The ticket at my counter: a large number, its service, its state and a running timer. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PriorityGroupView, ProcedureView, ServiceView, TicketView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { clockDuration, nameIn } from './format.js'
import { controls, tokens } from './styles.js'

/** "Người cao tuổi (từ 60 tuổi)" → "Người cao tuổi": badges stay short. */
export function shortGroupName(group: PriorityGroupView, lang: Lang): string {
  return nameIn(lang, group).replace(/\s*\(.*\)\s*$/, '')
}

@customElement('qms-current-ticket')
export class QmsCurrentTicket extends LitElement {
  @property({ attribute: false }) ticket: TicketView | null = null
  @property({ attribute: false }) service: ServiceView | null = null
  @property({ attribute: false }) group: PriorityGroupView | null = null
  /** The procedure chosen at the kiosk, if any. */
  @property({ attribute: false }) procedure: ProcedureView | null = null
  @property() language: Lang = 'vi'
  /** Server time now, for the timer. */
  @property({ type: Number }) now = 0
  /** Nobody is waiting: say so instead of inviting a call. */
  @property({ type: Boolean }) queueEmpty = false

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .card {
        height: 100%;
        background: var(--qms-card);
        border-radius: 1rem;
        border: 2px solid var(--qms-line);
        padding: 1rem 1.5rem 1.1rem;
        display: grid;
        grid-template-columns: 1fr auto;
        grid-template-rows: auto 1fr auto;
        align-items: center;
        gap: 0.25rem 1.5rem;
        min-height: 11.5rem;
        box-sizing: border-box;
      }
      .card.called {
        border-color: #f2b84b;
        background: linear-gradient(180deg, #fffaf0, #fff);
      }
      .card.serving {
        border-color: #4fb27a;
        background: linear-gradient(180deg, #f2fbf5, #fff);
      }
      .label {
        grid-column: 1 / -1;
        font-size: 0.9rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--qms-muted);
      }
      .number {
        /* As large as the screen allows: 1366×768 and 1920×1080 office screens, read from a step back. */
        font-size: clamp(5.5rem, 21vh, 14rem);
        font-weight: 800;
        line-height: 1;
        letter-spacing: 0.02em;
        color: var(--qms-ink);
        font-variant-numeric: tabular-nums;
      }
      .procedure {
        margin-top: 0.4rem;
        font-size: 1.05rem;
        line-height: 1.35;
        color: var(--qms-ink);
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        font-size: 1.15rem;
        font-weight: 600;
        margin-top: 0.35rem;
      }
      .state {
        font-size: 0.95rem;
        font-weight: 700;
        padding: 0.25rem 0.75rem;
        border-radius: 1rem;
      }
      .called .state {
        background: #ffe8b8;
        color: #7a4a00;
      }
      .serving .state {
        background: #cdeed9;
        color: #0d5c2f;
      }
      .timer {
        text-align: right;
        align-self: center;
      }
      .timer .caption {
        font-size: 0.9rem;
        color: var(--qms-muted);
        font-weight: 600;
      }
      .timer .value {
        font-size: clamp(2.4rem, 6.5vh, 4.2rem);
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .recalls {
        font-size: 0.9rem;
        color: var(--qms-warning);
        font-weight: 600;
      }
      .note {
        grid-column: 1 / -1;
        margin-top: 0.6rem;
        background: var(--qms-primary-soft);
        border-left: 4px solid var(--qms-primary);
        border-radius: 0.4rem;
        padding: 0.5rem 0.8rem;
      }
      .note b {
        display: block;
        font-size: 0.85rem;
        color: var(--qms-primary-dark);
      }
      .idle {
        grid-column: 1 / -1;
        display: grid;
        gap: 0.4rem;
        justify-items: center;
        text-align: center;
      }
      .idle .big {
        font-size: 2.2rem;
        font-weight: 700;
        color: #8a97ab;
      }
      .idle .hint {
        font-size: 1.1rem;
        color: var(--qms-muted);
      }
    `,
  ]

  override render() {
    const lang = this.language
    const ticket = this.ticket
    if (!ticket) {
      return html`<div class="card idle-card" data-state="idle">
        <div class="label">${t(lang, 'currentTicket')}</div>
        <div class="idle">
          <div class="big">${t(lang, 'noCurrentTicket')}</div>
          <div class="hint">${t(lang, this.queueEmpty ? 'queueEmptyHint' : 'noCurrentHint')}</div>
        </div>
      </div>`
    }
    const serving = ticket.status === 'serving'
    const since = serving ? ticket.servingAt : ticket.calledAt
    return html`
      <div class="card ${ticket.status}" data-state=${ticket.status}>
        <div class="label">${t(lang, 'currentTicket')}</div>
        <div>
          <div class="number" data-current-number>${ticket.number}</div>
          <div class="meta">
            <span class="state">${t(lang, serving ? 'stateServing' : 'stateCalled')}</span>
            ${this.service ? html`<span>${nameIn(lang, this.service)}</span>` : ''}
            ${this.group ? html`<span class="badge priority">${shortGroupName(this.group, lang)}</span>` : ''}
          </div>
          ${this.procedure ? html`<div class="procedure" data-current-procedure><b>${t(lang, 'procedureOfTicket')}:</b> ${lang === 'en' && this.procedure.nameEn ? this.procedure.nameEn : this.procedure.nameVi}</div>` : ''}
        </div>
        <div class="timer">
          <div class="caption">${t(lang, serving ? 'sinceServing' : 'sinceCalled')}</div>
          <div class="value" data-timer>${since === null ? '–' : clockDuration(this.now - since - (serving ? ticket.asideMs : 0))}</div>
          ${ticket.recallCount > 0 ? html`<div class="recalls">${t(lang, 'recalledTimes', { n: ticket.recallCount })}</div>` : ''}
        </div>
        ${
          ticket.transferNote
            ? html`<div class="note" data-transfer-note><b>${t(lang, 'transferNote')}</b>${ticket.transferNote}</div>`
            : ticket.transferredFromId !== null
              ? html`<div class="note"><b>${t(lang, 'transferredFrom')}</b></div>`
              : ''
        }
      </div>
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-current-ticket': QmsCurrentTicket
  }
}
