/**
 * Shown only while the browser blocks audio (a display started without the kiosk flags): one tap
 * unlocks the voice. Fires `qms-enable-sound`; the app does the unlocking. It sits in the board's
 * header, beside the clock, so it never covers a number, the call panel or the waiting counts.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { DisplayLanguage } from './board.js'
import { t } from './messages.js'

@customElement('qms-sound-button')
export class QmsSoundButton extends LitElement {
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  private onClick(): void {
    this.dispatchEvent(new CustomEvent('qms-enable-sound', { bubbles: true, composed: true }))
  }

  override render() {
    return html`
      <button type="button" @click=${this.onClick} data-testid="enable-sound">
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" />
        </svg>
        <span class="text">
          <span class="main">${t('vi', 'enableSound')} / ${t('en', 'enableSound')}</span>
          <span class="sub">${t(this.languages[0] ?? 'vi', 'soundBlocked')}</span>
        </span>
      </button>
    `
  }

  static override styles = css`
    :host {
      display: block;
      flex: none;
      max-width: 45%;
    }
    button {
      display: flex;
      align-items: center;
      gap: 0.8rem;
      max-width: 100%;
      padding: 0.5rem 1.4rem;
      border: 0;
      border-radius: 1rem;
      background: var(--accent);
      color: var(--accent-text);
      font: inherit;
      cursor: pointer;
      box-shadow: 0 0.3rem 1rem rgba(0, 0, 0, 0.35);
    }
    svg {
      flex: none;
      width: 2.4rem;
      height: 2.4rem;
      fill: currentColor;
    }
    .text {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      min-width: 0;
      text-align: left;
    }
    .main {
      font-size: 1.5rem;
      font-weight: 800;
      line-height: 1.3;
    }
    .sub {
      font-size: 1rem;
      line-height: 1.3;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-sound-button': QmsSoundButton
  }
}
