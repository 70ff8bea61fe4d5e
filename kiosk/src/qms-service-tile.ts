/** One service on the home screen: a large touch target, or a greyed-out tile saying why. */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { ServiceAvailability, ServiceView } from '../../shared/types.js'
import type { Lang } from '../../shared/web/i18n.js'
import { formatWait } from '../../shared/wait-text.js'
import { formatHours, reasonText, t } from './messages.js'

export interface ServiceChosenDetail {
  serviceId: number
}

/** A closed tile was tapped: the kiosk says why, briefly, and issues nothing. */
export interface ServiceUnavailableDetail {
  serviceId: number
}

@customElement('qms-service-tile')
export class QmsServiceTile extends LitElement {
  @property({ attribute: false }) service!: ServiceView
  /** From `/api/queue/availability`; undefined until the first answer. */
  @property({ attribute: false }) availability: ServiceAvailability | undefined
  /** Citizens waiting now, kept live from the queue snapshot. */
  @property({ type: Number }) waiting = 0
  @property() language: Lang = 'vi'
  /** A priority ticket is being taken: the tile is outlined in the priority colour. */
  @property({ type: Boolean, reflect: true }) priority = false
  /** Many services share the screen: smaller type so two-line names still fit. */
  @property({ type: Boolean, reflect: true }) compact = false

  /** Re-fits the second-language line whenever the tile's size changes (rotation, more services). */
  readonly #resize = new ResizeObserver(() => this.fitSecondary())

  override connectedCallback(): void {
    super.connectedCallback()
    this.#resize.observe(this)
  }

  override disconnectedCallback(): void {
    this.#resize.disconnect()
    super.disconnectedCallback()
  }

  protected override updated(): void {
    this.fitSecondary()
  }

  /**
   * The second-language name takes the whole lines left under the service's own name, up to two,
   * and is left out when not one line is left: never a line cut through the middle.
   */
  private fitSecondary(): void {
    const names = this.renderRoot.querySelector<HTMLElement>('.names')
    const primary = this.renderRoot.querySelector<HTMLElement>('.primary')
    const secondary = this.renderRoot.querySelector<HTMLElement>('.secondary')
    if (!names || !primary || !secondary) return
    const gap = parseFloat(getComputedStyle(names).rowGap) || 0
    const lineHeight = parseFloat(getComputedStyle(secondary).lineHeight)
    if (!(lineHeight > 0)) return
    const lines = Math.min(2, Math.floor((names.clientHeight - primary.offsetHeight - gap + 0.5) / lineHeight))
    secondary.style.display = lines > 0 ? '' : 'none'
    secondary.style.setProperty('-webkit-line-clamp', String(Math.max(1, lines)))
  }

  private choose(): void {
    const a = this.availability
    // Until availability is known a tap does nothing; a closed tile answers with why it is closed.
    if (!a) return
    const name = a.open ? 'service-chosen' : 'service-unavailable'
    this.dispatchEvent(
      new CustomEvent<ServiceChosenDetail | ServiceUnavailableDetail>(name, { detail: { serviceId: this.service.id }, bubbles: true, composed: true }),
    )
  }

  override render() {
    const s = this.service
    const a = this.availability
    const open = a?.open ?? false
    // Nobody waiting and no counter open: "Chưa có quầy mở" alone says it all, on one line.
    const noCounter = a?.servingCounters !== undefined && a.servingCounters !== 'open'
    const [primary, secondary] = this.language === 'en' ? [s.nameEn, s.nameVi] : [s.nameVi, s.nameEn]
    const status = !a
      ? nothing
      : open
        ? html`<div class="figures">
            ${
              this.waiting > 0 || !noCounter
                ? html`<span data-testid="waiting">${this.waiting > 0 ? t(this.language, 'waitingCount', { n: this.waiting }) : t(this.language, 'nobodyWaiting')}</span>`
                : nothing
            }
            ${
              (this.waiting > 0 && a.estimatedWaitMinutes > 0) || noCounter
                ? html`<span class="wait" data-testid="wait">${formatWait(this.language, a)}</span>`
                : nothing
            }
          </div>`
        : html`<div class="reason" data-testid="reason">
            <strong>${reasonText(a.reason, this.language)}</strong>
            ${
              a.reason === 'service_outside_hours' && s.hours
                ? html`<span><span class="hours-label">${t(this.language, 'hoursLabel')}: </span>${formatHours(s.hours, this.language)}</span>`
                : nothing
            }
          </div>`
    return html`
      <!-- Not the disabled attribute: a disabled button swallows the tap, and a closed tile must answer it. -->
      <button @click=${this.choose} data-service=${s.code} aria-disabled=${String(!open)}>
        <span class="names">
          <span class="primary">${primary}</span>
          <span class="secondary">${secondary}</span>
        </span>
        ${status}
      </button>
    `
  }

  static override styles = css`
    :host {
      display: block;
      min-height: 0;
      min-width: 0;
    }
    button {
      box-sizing: border-box;
      width: 100%;
      height: 100%;
      display: flex;
      flex-direction: column;
      justify-content: space-between;
      gap: 1vmin;
      padding: 2.2vmin 2.6vmin;
      border: 0.35vmin solid var(--tile-border);
      border-left: 1.4vmin solid var(--brand);
      border-radius: 1.8vmin;
      background: #fff;
      color: var(--ink);
      font: inherit;
      text-align: left;
      cursor: pointer;
      box-shadow: 0 0.4vmin 1.2vmin rgba(11, 45, 80, 0.1);
      overflow: hidden;
      -webkit-tap-highlight-color: transparent;
    }
    button:active:not([aria-disabled='true']) {
      transform: scale(0.985);
      background: var(--brand-pale);
    }
    :host([priority]) button:not([aria-disabled='true']) {
      border-color: var(--priority);
      border-left-color: var(--priority);
      background: var(--priority-pale);
    }
    button[aria-disabled='true'] {
      cursor: default;
      background: var(--closed-bg);
      border-left-color: var(--closed-bar);
      color: var(--muted);
      box-shadow: none;
    }
    .names {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 0.5vmin;
      min-height: 0;
      /* Clip rather than overlap the figures when a name is longer than the tile. */
      overflow: hidden;
    }
    .figures,
    .reason {
      flex: none;
    }
    .primary {
      font-size: 4.1vmin;
      font-weight: 800;
      line-height: 1.2;
      /* Up to three lines where the tile has room ("Certification of copies and signatures"). */
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
      flex: none;
    }
    .secondary {
      font-size: 2.3vmin;
      color: var(--muted);
      line-height: 1.25;
      /* Two lines before an ellipsis: "Certification of copies and signatures" fits whole. */
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
      /* In a crowded tile the second line gives way first, never the service's own name: how
         many lines it keeps is set by fitSecondary(). */
      flex: none;
    }
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4vmin 2vmin;
      font-size: 2.4vmin;
      font-weight: 700;
      color: var(--brand);
    }
    .wait {
      color: var(--ink);
      font-weight: 400;
    }
    .reason {
      display: flex;
      flex-direction: column;
      gap: 0.3vmin;
      font-size: 2.2vmin;
      line-height: 1.3;
    }
    .reason strong {
      color: var(--danger);
      font-size: 2.5vmin;
    }
    :host([compact]) button {
      padding: 1.4vmin 2.2vmin;
      gap: 0.4vmin;
    }
    :host([compact]) .primary {
      font-size: 2.9vmin;
    }
    :host([compact]) .names {
      gap: 0.3vmin;
    }
    /* Twelve tiles leave little height: the hours go without their label, on one line. */
    :host([compact]) .hours-label {
      display: none;
    }
    :host([compact]) .secondary {
      font-size: 1.9vmin;
    }
    :host([compact]) .figures {
      font-size: 2.1vmin;
    }
    :host([compact]) .reason {
      font-size: 1.9vmin;
    }
    :host([compact]) .reason strong {
      font-size: 2.2vmin;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-service-tile': QmsServiceTile
  }
}
