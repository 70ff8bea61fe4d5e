/** The time and date at the site, by the server's clock (the TV's own clock is often wrong). */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { formatDate, formatTime } from '../../shared/web/i18n.js'
import type { DisplayLanguage } from './board.js'

@customElement('qms-clock')
export class QmsClock extends LitElement {
  /** Server time now, in UTC milliseconds (`QueueController.now`). */
  @property({ attribute: false }) now: () => number = Date.now
  /** The site's IANA time zone. */
  @property() timeZone = 'Asia/Ho_Chi_Minh'
  /** The first language is the date's language. */
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  private timer: ReturnType<typeof setTimeout> | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    this.tick()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.timer)
  }

  /** Re-renders once a second, aligned to the server's second so the minute turns on time. */
  private tick(): void {
    this.requestUpdate()
    const ms = this.now()
    this.timer = setTimeout(() => this.tick(), 1000 - (ms % 1000) + 20)
  }

  override render() {
    const ms = this.now()
    const lang = this.languages[0] ?? 'vi'
    const date = formatDate(ms, this.timeZone, lang)
    return html`
      <div class="time">${formatTime(ms, this.timeZone, lang)}</div>
      <div class="date">${date.charAt(0).toUpperCase() + date.slice(1)}</div>
    `
  }

  static override styles = css`
    :host {
      display: block;
      text-align: right;
      white-space: nowrap;
    }
    .time {
      font-size: 3.6rem;
      font-weight: 700;
      line-height: 1.05;
      font-variant-numeric: tabular-nums;
      color: var(--accent);
    }
    .date {
      font-size: 1.3rem;
      line-height: 1.35;
      color: var(--muted);
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-clock': QmsClock
  }
}
