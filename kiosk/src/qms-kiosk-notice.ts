/**
 * A full-screen message over the kiosk: "out of service", "not registered", "issuing…", or a
 * refused request. It covers the tiles so nobody taps a service the kiosk cannot issue.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'

@customElement('qms-kiosk-notice')
export class QmsKioskNotice extends LitElement {
  @property() heading = ''
  @property() body = ''
  /** Smaller print under the body, e.g. set-up steps for an administrator. */
  @property() detail = ''
  /** Shows a spinner: something is under way. */
  @property({ type: Boolean }) busy = false
  @property({ reflect: true }) tone: 'info' | 'warning' | 'danger' = 'info'
  /** Label of a button that dispatches `notice-action`; no button when empty. */
  @property() action = ''

  private act(): void {
    this.dispatchEvent(new CustomEvent('notice-action', { bubbles: true, composed: true }))
  }

  override render() {
    return html`
      <div class="box" role="alertdialog" aria-live="assertive">
        ${this.busy ? html`<div class="spinner" aria-hidden="true"></div>` : nothing}
        <h2>${this.heading}</h2>
        ${this.body ? html`<p class="body">${this.body}</p>` : nothing}
        ${this.detail ? html`<p class="detail">${this.detail}</p>` : nothing}
        ${this.action ? html`<button @click=${this.act} data-testid="notice-action">${this.action}</button>` : nothing}
      </div>
    `
  }

  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 10;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 6vmin;
      background: rgba(9, 30, 56, 0.82);
    }
    .box {
      max-width: 80vmin;
      padding: 5vmin 6vmin;
      border-radius: 2.4vmin;
      background: #fff;
      text-align: center;
      border-top: 1.4vmin solid var(--brand);
      box-shadow: 0 1vmin 4vmin rgba(0, 0, 0, 0.35);
    }
    :host([tone='warning']) .box {
      border-top-color: var(--priority);
    }
    :host([tone='danger']) .box {
      border-top-color: var(--danger);
    }
    h2 {
      margin: 0 0 2vmin;
      font-size: 5.2vmin;
      font-weight: 800;
      color: var(--ink);
      line-height: 1.2;
    }
    :host([tone='danger']) h2 {
      color: var(--danger);
    }
    .body {
      margin: 0;
      font-size: 3vmin;
      line-height: 1.4;
      color: var(--ink);
    }
    .detail {
      margin: 2.4vmin 0 0;
      font-size: 2.2vmin;
      line-height: 1.45;
      color: var(--muted);
    }
    button {
      margin-top: 3.6vmin;
      min-width: 34vmin;
      min-height: 9vmin;
      border: none;
      border-radius: 1.4vmin;
      background: var(--brand);
      color: #fff;
      font: inherit;
      font-size: 3.2vmin;
      font-weight: 800;
      cursor: pointer;
    }
    .spinner {
      width: 9vmin;
      height: 9vmin;
      margin: 0 auto 3vmin;
      border-radius: 50%;
      border: 1.1vmin solid var(--brand-pale);
      border-top-color: var(--brand);
      animation: spin 1s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-kiosk-notice': QmsKioskNotice
  }
}
