/** The calls before the latest one, so a citizen who missed the voice still finds the number. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CallRow, DisplayLanguage } from './board.js'
import { t } from './messages.js'

@customElement('qms-recent-calls')
export class QmsRecentCalls extends LitElement {
  /** Newest first; already capped by the caller. */
  @property({ attribute: false }) calls: CallRow[] = []
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  override render() {
    const en = this.languages.includes('en')
    return html`
      <h2>
        ${t('vi', 'recentCalls')} → ${t('vi', 'counter')}${en
          ? html`<span class="en">${t('en', 'recentCalls')} → ${t('en', 'counter')}</span>`
          : ''}
      </h2>
      <ol>
        ${this.calls.map(
          (c) => html`<li data-testid="recent-call">
            <span class="number">${c.number}</span><span class="arrow" aria-hidden="true">→</span
            ><span class="counter" title=${t('vi', 'counter')}>${c.counterNumber}</span>
          </li>`,
        )}
      </ol>
    `
  }

  static override styles = css`
    :host {
      display: block;
      box-sizing: border-box;
      padding: 0.8rem 1.2rem 1rem;
      border-radius: 1.2rem;
      background: var(--panel);
      border: 0.1rem solid var(--line);
    }
    h2 {
      margin: 0 0 0.6rem;
      font-size: 1.5rem;
      font-weight: 700;
      line-height: 1.35;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    .en {
      margin-left: 0.8rem;
      font-weight: 400;
      text-transform: none;
      letter-spacing: 0;
      font-size: 0.85em;
    }
    ol {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr));
      grid-auto-rows: 4.4rem;
      gap: 0.6rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 0.5rem;
      border-radius: 0.8rem;
      background: var(--panel-2);
      white-space: nowrap;
      overflow: hidden;
    }
    .number {
      font-size: 2.7rem;
      font-weight: 800;
      line-height: 1.2;
      font-variant-numeric: tabular-nums;
    }
    .arrow {
      font-size: 1.6rem;
      color: var(--muted);
    }
    .counter {
      min-width: 2.6rem;
      padding: 0 0.5rem;
      border-radius: 0.5rem;
      background: var(--accent);
      color: var(--accent-text);
      font-size: 2rem;
      font-weight: 800;
      line-height: 1.25;
      text-align: center;
      font-variant-numeric: tabular-nums;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-recent-calls': QmsRecentCalls
  }
}
