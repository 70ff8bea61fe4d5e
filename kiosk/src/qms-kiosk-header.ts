/** The kiosk's top bar: logo, site name, the time and date, and the language switch. */
import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { SiteView } from '../../shared/types.js'
import { formatDate, formatTime, type Lang } from '../../shared/web/i18n.js'
import { t } from './messages.js'

/** An emblem-free mark shipped with the kiosk, shown until the site sets its own logo. */
const PLACEHOLDER_LOGO = 'logo-mark.svg'

@customElement('qms-kiosk-header')
export class QmsKioskHeader extends LitElement {
  /** The site, from the device's settings; null until loaded. */
  @property({ attribute: false }) site: SiteView | null = null
  @property() language: Lang = 'vi'
  /** Server clock minus this browser's clock, so the kiosk shows the server's time. */
  @property({ type: Number }) skewMs = 0
  @state() private now = Date.now()
  #timer: ReturnType<typeof setInterval> | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    this.#timer = setInterval(() => {
      this.now = Date.now()
    }, 1000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#timer)
  }

  private toggleLanguage(): void {
    this.dispatchEvent(new CustomEvent('language-toggle', { bubbles: true, composed: true }))
  }

  override render() {
    const zone = this.site?.timeZone ?? 'Asia/Ho_Chi_Minh'
    const now = this.now + this.skewMs
    const name = this.language === 'en' && this.site?.nameEn ? this.site.nameEn : (this.site?.name ?? '')
    return html`
      <img class="logo" src=${this.site?.logoUrl || PLACEHOLDER_LOGO} alt=${t(this.language, 'logoAlt')} />
      <div class="site">
        <h1>${name}</h1>
      </div>
      <div class="clock">
        <div class="time" data-testid="clock">${formatTime(now, zone, this.language)}</div>
        <div class="date">${formatDate(now, zone, this.language)}</div>
      </div>
      <button class="lang" @click=${this.toggleLanguage} aria-label=${t(this.language, 'switchLanguageLabel')} data-testid="language">
        ${t(this.language, 'switchLanguage')}
      </button>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 2.2vmin;
      padding: 1.6vmin 3vmin;
      background: var(--brand);
      color: #fff;
      box-shadow: 0 0.3vmin 1vmin rgba(0, 0, 0, 0.18);
    }
    .logo {
      width: 8vmin;
      height: 8vmin;
      object-fit: contain;
      flex: none;
    }
    .site {
      flex: 1;
      min-width: 0;
    }
    h1 {
      margin: 0;
      font-size: 3.4vmin;
      font-weight: 700;
      line-height: 1.25;
      /* Long centre names wrap to two lines rather than being cut. */
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .clock {
      text-align: right;
      flex: none;
    }
    .time {
      font-size: 4.6vmin;
      font-weight: 800;
      line-height: 1.1;
      font-variant-numeric: tabular-nums;
    }
    .date {
      font-size: 1.9vmin;
      opacity: 0.9;
      text-transform: capitalize;
    }
    .lang {
      flex: none;
      min-height: 7vmin;
      min-width: 16vmin;
      padding: 0 2.4vmin;
      border: 0.3vmin solid rgba(255, 255, 255, 0.85);
      border-radius: 1.2vmin;
      background: transparent;
      color: #fff;
      font: inherit;
      font-size: 2.4vmin;
      font-weight: 700;
      cursor: pointer;
    }
    .lang:active {
      background: rgba(255, 255, 255, 0.2);
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-kiosk-header': QmsKioskHeader
  }
}
