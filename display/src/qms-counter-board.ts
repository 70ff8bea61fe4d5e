/** Each counter and the number at it now, like a departures board: one row per counter. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CounterRow, CounterRowStatus, DisplayLanguage } from './board.js'
import { t, type MessageKey } from './messages.js'

const STATUS_KEY: Record<CounterRowStatus, MessageKey> = {
  calling: 'statusCalling',
  serving: 'statusServing',
  idle: 'statusIdle',
  paused: 'statusPaused',
  closed: 'statusClosed',
}

/** Above this many counters a landscape board uses two columns, so the rows stay readable. */
const ONE_COLUMN_MAX = 8

@customElement('qms-counter-board')
export class QmsCounterBoard extends LitElement {
  @property({ attribute: false }) rows: CounterRow[] = []
  /** The counter of the call just made, highlighted with it. */
  @property({ attribute: false }) highlightId: number | null = null
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  override render() {
    const en = this.languages.includes('en')
    const columns = this.rows.length > ONE_COLUMN_MAX ? 2 : 1
    const perColumn = Math.max(4, Math.ceil(this.rows.length / columns))
    const head = (key: MessageKey) => html`<span>${t('vi', key)}</span>${en ? html`<span class="en">${t('en', key)}</span>` : ''}`
    return html`
      <div class="grid" style="--rows: ${perColumn}; --columns: ${columns}">
        ${Array.from(
          { length: columns },
          (_, col) => html`<div class="column">
            <div class="head">
              <div class="h-counter">${head('counter')}</div>
              <div class="h-number">${head('currentNumber')}</div>
            </div>
            ${this.rows.slice(col * perColumn, (col + 1) * perColumn).map((r) => this.renderRow(r, en))}
          </div>`,
        )}
      </div>
    `
  }

  private renderRow(r: CounterRow, en: boolean) {
    const status = html`<span class="status ${r.status}">${t('vi', STATUS_KEY[r.status])}${en ? ` · ${t('en', STATUS_KEY[r.status])}` : ''}</span>`
    return html`
      <div class="row ${r.status} ${r.id === this.highlightId ? 'highlight' : ''}" data-testid="counter-row" data-counter=${r.number}>
        <div class="counter-no">${r.number}</div>
        <div class="info">
          <div class="services">${r.servicesVi}</div>
          ${status}
        </div>
        <div class="ticket" data-testid="counter-ticket">${r.ticketNumber ?? '—'}</div>
      </div>
    `
  }

  static override styles = css`
    :host {
      display: block;
      min-height: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
      gap: 1rem;
      height: 100%;
    }
    .column {
      display: grid;
      grid-template-rows: auto repeat(var(--rows), minmax(0, 1fr));
      gap: 0.5rem;
      min-height: 0;
    }
    .head {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: end;
      padding: 0 1.4rem 0.2rem;
      font-size: 1.4rem;
      font-weight: 700;
      line-height: 1.35;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    .head .en {
      margin-left: 0.6rem;
      font-weight: 400;
      text-transform: none;
      letter-spacing: 0;
      font-size: 0.85em;
    }
    .h-number {
      text-align: right;
    }
    .row {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      align-items: center;
      gap: 1.4rem;
      padding: 0 1.4rem 0 0.8rem;
      min-height: 0;
      border-radius: 1rem;
      background: var(--panel);
      border: 0.15rem solid var(--line);
      overflow: hidden;
    }
    .row.highlight {
      border-color: var(--accent);
      animation: blink 1s ease-in-out 0s 6;
    }
    @keyframes blink {
      50% {
        background: var(--panel-2);
        box-shadow: inset 0 0 0 0.3rem var(--accent);
      }
    }
    .counter-no {
      /* Scales with the row height so that 4 or 12 counters all fit; --room (set by the board, 1 by
         default) is the share of the usual height the board has, less when the waiting strip is tall. */
      --size: min(calc(4.4rem * var(--room, 1)), calc(30rem * var(--room, 1) / var(--rows)));
      min-width: calc(var(--size) * 1.5);
      font-size: var(--size);
      font-weight: 800;
      line-height: 1.25;
      text-align: center;
      border-radius: 0.7rem;
      background: var(--panel-2);
      font-variant-numeric: tabular-nums;
    }
    .info {
      min-width: 0;
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 0.2rem;
    }
    .services {
      max-width: 100%;
      font-size: min(calc(1.7rem * var(--room, 1)), calc(12rem * var(--room, 1) / var(--rows)));
      font-weight: 700;
      line-height: 1.35;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .status {
      font-size: min(calc(1.2rem * var(--room, 1)), calc(9rem * var(--room, 1) / var(--rows)));
      line-height: 1.35;
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--muted);
    }
    .status.calling {
      color: var(--calling);
    }
    .status.serving {
      color: var(--serving);
    }
    .status.paused {
      color: var(--paused);
    }
    .ticket {
      font-size: min(calc(5.2rem * var(--room, 1)), calc(36rem * var(--room, 1) / var(--rows)));
      font-weight: 800;
      /* Digits have no diacritics: a tight line box keeps a 6-counter board inside its rows. */
      line-height: 1.05;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .row.calling .ticket {
      color: var(--accent);
    }
    .row.idle .ticket,
    .row.paused .ticket,
    .row.closed .ticket {
      color: var(--muted);
      opacity: 0.6;
    }
    .row.closed {
      opacity: 0.55;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-counter-board': QmsCounterBoard
  }
}
