/**
 * Shown only while the browser blocks audio (a display started without the kiosk flags): one tap
 * unlocks the voice. Fires `qms-enable-sound`; the app does the unlocking.
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
      position: fixed;
      right: 2rem;
      bottom: 6rem;
      z-index: 10;
    }
    button {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 1rem 1.8rem;
      border: 0;
      border-radius: 1rem;
      background: var(--accent);
      color: var(--accent-text);
      font: inherit;
      cursor: pointer;
      box-shadow: 0 0.6rem 2rem rgba(0, 0, 0, 0.45);
    }
    svg {
      width: 3rem;
      height: 3rem;
      fill: currentColor;
    }
    .text {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      text-align: left;
    }
    .main {
      font-size: 1.8rem;
      font-weight: 800;
      line-height: 1.3;
    }
    .sub {
      font-size: 1.1rem;
      line-height: 1.35;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-sound-button': QmsSoundButton
  }
}
