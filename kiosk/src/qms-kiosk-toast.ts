/**
 * A short message in the middle of the home screen, e.g. why a greyed-out service cannot be
 * chosen. It does not block the tiles; the kiosk removes it after a few seconds, or on a tap.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'

@customElement('qms-kiosk-toast')
export class QmsKioskToast extends LitElement {
  @property() heading = ''
  @property() body = ''

  private dismiss(): void {
    this.dispatchEvent(new CustomEvent('toast-dismiss', { bubbles: true, composed: true }))
  }

  override render() {
    return html`
      <div class="toast" role="status" aria-live="polite" @click=${this.dismiss}>
        <span class="icon" aria-hidden="true">i</span>
        <span class="text">
          <strong>${this.heading}</strong>
          ${this.body ? html`<span>${this.body}</span>` : nothing}
        </span>
      </div>
    `
  }

  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 5;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 5vmin;
      pointer-events: none;
    }
    .toast {
      pointer-events: auto;
      display: flex;
      align-items: center;
      gap: 3vmin;
      max-width: 84vmin;
      padding: 3.6vmin 4.4vmin;
      border-radius: 2vmin;
      background: var(--ink);
      color: #fff;
      box-shadow: 0 1.2vmin 5vmin rgba(0, 0, 0, 0.45);
    }
    .icon {
      flex: none;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 7vmin;
      height: 7vmin;
      border-radius: 50%;
      background: #ffd166;
      color: var(--ink);
      font-size: 4.4vmin;
      font-weight: 800;
      font-family: Georgia, serif;
      font-style: italic;
    }
    .text {
      display: flex;
      flex-direction: column;
      gap: 0.8vmin;
      line-height: 1.3;
    }
    strong {
      font-size: 3.8vmin;
      font-weight: 800;
    }
    .text span {
      font-size: 3vmin;
      color: #dbe6f3;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-kiosk-toast': QmsKioskToast
  }
}
