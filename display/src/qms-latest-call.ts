/** The call just made, in the largest type on the screen: the number, and the counter to go to. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CallRow, DisplayLanguage } from './board.js'
import { t } from './messages.js'

@customElement('qms-latest-call')
export class QmsLatestCall extends LitElement {
  /** The newest call at the display's counters, or null before the first one. */
  @property({ attribute: false }) call: CallRow | null = null
  /** True for a few seconds after the call was made: the panel draws attention to itself. */
  @property({ type: Boolean, reflect: true }) flashing = false
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  override render() {
    const en = this.languages.includes('en')
    const call = this.call
    const label = html`<div class="label">
      <span>${t('vi', 'inviteNumber')}</span>${en ? html`<span class="en">${t('en', 'inviteNumber')}</span>` : ''}
    </div>`
    if (!call) {
      return html`<div class="panel">${label}<div class="number none">—</div><div class="empty">${t('vi', 'noCallsYet')}</div></div>`
    }
    return html`
      <div class="panel">
        ${label}
        <div class="number" data-testid="latest-number" style="--chars: ${Math.max(4, call.number.length)}">${call.number}</div>
        <div class="to">
          <div class="to-label">
            <span>${t('vi', 'goToCounter')}</span>${en ? html`<span class="en">${t('en', 'goToCounter')}</span>` : ''}
          </div>
          <div class="counter" data-testid="latest-counter">${call.counterNumber}</div>
        </div>
      </div>
    `
  }

  static override styles = css`
    :host {
      display: block;
      min-height: 0;
    }
    .panel {
      box-sizing: border-box;
      height: 100%;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 0.2rem;
      padding: 0.8rem 2rem;
      border-radius: 1.2rem;
      background: var(--panel);
      border: 0.2rem solid var(--line);
      text-align: center;
    }
    :host([flashing]) .panel {
      animation: attention 1s ease-in-out 0s 6;
      border-color: var(--accent);
    }
    @keyframes attention {
      0%,
      100% {
        box-shadow: 0 0 0 0 transparent;
        background: var(--panel);
      }
      50% {
        box-shadow: 0 0 3rem 0.4rem var(--accent);
        background: var(--panel-2);
      }
    }
    .label {
      display: flex;
      flex-direction: column;
      font-size: 2.2rem;
      font-weight: 700;
      line-height: 1.35;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .en,
    .to-label .en {
      font-size: 0.55em;
      line-height: 1.2;
      font-weight: 400;
      color: var(--muted);
      text-transform: none;
      letter-spacing: 0;
    }
    .number {
      /* Four characters at full size; longer numbers shrink to stay on one line. */
      font-size: min(10.8rem, calc(43rem / var(--chars, 4)));
      font-weight: 800;
      line-height: 1;
      color: var(--accent);
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.02em;
      white-space: nowrap;
    }
    :host([flashing]) .number {
      animation: pop 1s ease-in-out 0s 6;
    }
    @keyframes pop {
      50% {
        transform: scale(1.06);
      }
    }
    .number.none {
      color: var(--muted);
    }
    .empty {
      font-size: 1.6rem;
      color: var(--muted);
      line-height: 1.4;
    }
    .to {
      display: flex;
      align-items: center;
      gap: 1.5rem;
    }
    .to-label {
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      font-size: 2.3rem;
      font-weight: 700;
      line-height: 1.35;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    @media (orientation: portrait) {
      /* The number and its counter side by side, leaving the height to the counter board. */
      .panel {
        display: grid;
        grid-template-columns: auto auto;
        justify-content: center;
        align-items: center;
        column-gap: 3rem;
        row-gap: 0;
        padding: 1rem 2rem 1.4rem;
      }
      .label,
      .empty {
        grid-column: 1 / -1;
      }
      .to {
        flex-direction: column;
        gap: 0.4rem;
      }
      .to-label {
        align-items: center;
        font-size: 1.8rem;
      }
    }
    .counter {
      min-width: 7rem;
      padding: 0 1.5rem;
      border-radius: 1rem;
      background: var(--accent);
      color: var(--accent-text);
      font-size: 5.8rem;
      font-weight: 800;
      line-height: 1.05;
      font-variant-numeric: tabular-nums;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-latest-call': QmsLatestCall
  }
}
