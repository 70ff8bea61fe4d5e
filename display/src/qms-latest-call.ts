/** The call just made, in the largest type on the screen: the number, and the counter to go to. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CallRow, DisplayLanguage } from './board.js'
import { t } from './messages.js'

@customElement('qms-latest-call')
export class QmsLatestCall extends LitElement {
  /** The newest call that still stands at the display's counters, or null when nobody is being invited. */
  @property({ attribute: false }) call: CallRow | null = null
  /** Whether numbers were called today: the idle card then asks to wait rather than saying none was called. */
  @property({ type: Boolean }) hadCalls = false
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
      const key = this.hadCalls ? 'waitForCall' : 'noCallsYet'
      return html`<div class="panel idle">
        ${label}
        <div class="number none" style="--chars: 4">—</div>
        <div class="empty" data-testid="latest-idle"><span>${t('vi', key)}</span>${en ? html`<span class="en">${t('en', key)}</span>` : ''}</div>
      </div>`
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
    /*
     * Every size is in rem (1/60 of the screen's short side) and the widths are bounded by vw, so
     * the card's content has a known size: the board gives the card the height of its content and
     * the list of recent calls the rest. --inner is the width the number may take: the card's
     * column (44% of the board) less the card's padding and border; in portrait it is the screen's
     * width less the counter beside the number.
     */
    :host {
      --inner: calc(44vw - 6.5rem);
    }
    .panel {
      box-sizing: border-box;
      height: 100%;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 0.2rem;
      padding: 0.9rem 2rem;
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
      /* Up to four or five characters at full size; longer numbers shrink to stay on one line
         (0.85em is wider than any glyph of the font's extra-bold capitals and digits, with spacing). */
      max-width: 100%;
      font-size: min(9.6rem, calc(var(--inner) / (var(--chars, 4) * 0.85)));
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
      display: flex;
      flex-direction: column;
      font-size: 1.8rem;
      color: var(--muted);
      line-height: 1.4;
    }
    .empty .en {
      font-size: 0.7em;
    }
    .to {
      display: flex;
      align-items: center;
      gap: 1.5rem;
      max-width: 100%;
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
      :host {
        /* The screen's width less the board's padding, the card's padding and the counter beside it. */
        --inner: calc(100vw - 28rem);
      }
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
