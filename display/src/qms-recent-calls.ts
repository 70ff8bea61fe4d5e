/** The calls before the latest one, so a citizen who missed the voice still finds the number. */
import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CallRow, DisplayLanguage } from './board.js'
import { t } from './messages.js'

/** Two rows: up to six calls (four with long numbers), under the call panel. */
const MAX_ROWS = 2

@customElement('qms-recent-calls')
export class QmsRecentCalls extends LitElement {
  /** Newest first; already capped by the caller. */
  @property({ attribute: false }) calls: CallRow[] = []
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']
  /** Rows of calls that fit in the height the board gives this list, at most two (landscape); two in portrait. */
  @state() private rows = MAX_ROWS
  #observer: ResizeObserver | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    // ResizeObserver: Chrome 64+, so every supported TV browser; without it the list keeps two rows.
    if (typeof ResizeObserver === 'function') {
      this.#observer = new ResizeObserver(() => this.#fit())
      this.#observer.observe(this)
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#observer?.disconnect()
    this.#observer = undefined
  }

  /** As many rows as the list's box holds below its heading (the box's height is set by the board, not by the rows). */
  #fit(): void {
    if (matchMedia('(orientation: portrait)').matches) {
      this.rows = MAX_ROWS
      return
    }
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
    const style = getComputedStyle(this)
    const heading = this.renderRoot.querySelector('h2')
    const room =
      this.clientHeight -
      parseFloat(style.paddingTop) -
      parseFloat(style.paddingBottom) -
      (heading ? heading.offsetHeight + parseFloat(getComputedStyle(heading).marginBottom) : 0)
    this.rows = Math.max(0, Math.min(MAX_ROWS, Math.floor((room + 0.6 * rem) / (4.6 * rem))))
  }

  override render() {
    const en = this.languages.includes('en')
    // Long numbers (a prefix and five or six digits) take two columns, so they stay large enough to read.
    const chars = Math.max(4, ...this.calls.map((c) => c.number.length + String(c.counterNumber).length))
    const columns = chars > 7 ? 2 : 3
    const shown = this.calls.slice(0, this.rows * columns)
    return html`
      <h2>
        ${t('vi', 'recentCalls')} → ${t('vi', 'counter')}${en ? html`<span class="en">${t('en', 'recentCalls')} → ${t('en', 'counter')}</span>` : ''}
      </h2>
      <ol style="--columns: ${columns}; --chars: ${chars}">
        ${shown.map(
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
      /* The width of the list's column less its padding: 44% of the board in landscape (see the app). */
      --inner: calc(44vw - 5rem);
      display: block;
      min-height: 0;
      overflow: hidden;
      box-sizing: border-box;
      padding: 0.7rem 1.2rem 0.8rem;
      border-radius: 1.2rem;
      background: var(--panel);
      border: 0.1rem solid var(--line);
    }
    h2 {
      margin: 0 0 0.4rem;
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
      grid-template-columns: repeat(var(--columns, 3), minmax(0, 1fr));
      grid-auto-rows: 4rem;
      /* The number, the arrow and the counter (up to three digits) share a cell; --chars counts the
         number's and the counter's characters, 0.75em each is wider than any of them. */
      --cell: calc((var(--inner) - 0.6rem * (var(--columns, 3) - 1)) / var(--columns, 3));
      --digit: min(2.7rem, calc((var(--cell) - 4.5rem) / (var(--chars) * 0.75)));
      gap: 0.6rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    @media (orientation: portrait) {
      :host {
        --inner: calc(100vw - 5rem);
      }
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
      font-size: var(--digit);
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
      font-size: calc(var(--digit) * 0.75);
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
