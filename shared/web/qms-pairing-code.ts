/**
 * The pairing code as an unpaired kiosk or display shows it: the code, large enough to read
 * across a room, and a QR code that takes the administrator's phone or laptop to the confirm page.
 * The words around it come from the app: its title in the `heading` slot, the steps in the other.
 * Colours come from the page: `--pair-panel`, `--pair-ink`, `--pair-muted`, `--pair-accent`.
 */
import { LitElement, css, html, nothing, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { qrPath } from './qr-path.js'

@customElement('qms-pairing-code')
export class QmsPairingCode extends LitElement {
  /** Six characters, or '' while the device is still asking for one. */
  @property() code = ''
  @property() url = ''
  /** Above the code, e.g. "Mã ghép nối · Pairing code". */
  @property() label = ''
  /** Under the QR code, and its accessible name. */
  @property() qrLabel = ''
  /** Under the code: how long it is valid, or that the server is out of reach (a line per language). */
  @property() note = ''
  @property({ type: Boolean, reflect: true }) warning = false

  override render() {
    const code = this.code
    const qr = this.url ? qrPath(this.url) : null
    return html`<div class="panel">
      <div class="head"><slot name="heading"></slot></div>
      <div class="words"><slot></slot></div>
      <div class="card">
        <div class="label">${this.label}</div>
        <div class="code" data-testid="pairing-code" data-code=${code} aria-label=${code.split('').join(' ')} aria-live="polite">
          ${code ? html`<span>${code.slice(0, 3)}</span><span>${code.slice(3)}</span>` : html`<span class="wait">···</span><span class="wait">···</span>`}
        </div>
        <div class="note" role="status">${this.note}</div>
        ${
          qr
            ? html`<div class="qr">
              ${svg`<svg viewBox="0 0 ${qr.box} ${qr.box}" role="img" aria-label=${this.qrLabel} shape-rendering="crispEdges">
                <rect width=${qr.box} height=${qr.box} fill="#fff" />
                <path d=${qr.d} fill="#000" />
              </svg>`}
              <span>${this.qrLabel}</span>
            </div>`
            : nothing
        }
      </div>
    </div>`
  }

  static override styles = css`
    :host {
      display: block;
      color: var(--pair-ink, inherit);
    }
    .panel {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      grid-template-areas: 'head card' 'words card';
      grid-template-rows: auto 1fr;
      align-items: start;
      column-gap: 5vmin;
    }
    .head {
      grid-area: head;
      align-self: end;
    }
    .words {
      grid-area: words;
    }
    .card {
      grid-area: card;
      align-self: center;
    }
    @media (orientation: portrait) {
      .panel {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas: 'head' 'card' 'words';
        grid-template-rows: auto;
        row-gap: 4vmin;
      }
    }
    .card {
      display: grid;
      justify-items: center;
      gap: 2vmin;
      padding: 4vmin 5vmin;
      border-radius: 2.4vmin;
      background: var(--pair-panel, rgba(127, 127, 127, 0.12));
      border: 0.3vmin solid var(--pair-accent, currentColor);
    }
    .label {
      font-size: 2.6vmin;
      font-weight: 700;
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: var(--pair-muted, inherit);
    }
    .code {
      display: flex;
      gap: 0.45em;
      /* The widest code (MWM WMW) fits a half-width card in landscape, 4:3 included. */
      font-size: min(10.5vmin, 5.6vw);
      font-weight: 800;
      line-height: 1;
      letter-spacing: 0.08em;
      font-variant-numeric: tabular-nums;
      color: var(--pair-accent, inherit);
      white-space: nowrap;
    }
    .wait {
      opacity: 0.4;
    }
    .note {
      min-height: 2.8em;
      font-size: 2.2vmin;
      line-height: 1.4;
      white-space: pre-line;
      text-align: center;
      color: var(--pair-muted, inherit);
    }
    :host([warning]) .note {
      color: var(--pair-warning, #ff9f43);
      font-weight: 700;
    }
    .qr {
      display: grid;
      justify-items: center;
      gap: 1vmin;
      margin-top: 1vmin;
      font-size: 2vmin;
      color: var(--pair-muted, inherit);
    }
    .qr svg {
      width: 24vmin;
      height: 24vmin;
      border-radius: 1vmin;
    }
    /* Portrait: the card has the whole width. After the rule it overrides. */
    @media (orientation: portrait) {
      .code {
        font-size: 11vmin;
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-pairing-code': QmsPairingCode
  }
}
