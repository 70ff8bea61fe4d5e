/** The administrator's notice, scrolling along the bottom edge (one CSS animation, no timers). */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { DisplayLanguage } from './board.js'
import { t } from './messages.js'

@customElement('qms-notice-ticker')
export class QmsNoticeTicker extends LitElement {
  @property() text = ''
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  override render() {
    // About one character width per 0.22 s whatever the length, plus the time to cross the screen.
    const seconds = Math.round(20 + this.text.length * 0.22)
    // Start part-way through, so the text is on screen from the first second.
    return html`
      <div class="label">${t(this.languages[0] ?? 'vi', 'notice')}</div>
      <div class="window">
        <div class="track" style="animation-duration: ${seconds}s; animation-delay: -${Math.round(seconds * 0.3)}s">${this.text}</div>
      </div>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      align-items: stretch;
      margin: 0 -1.25rem;
      background: var(--panel);
      border-top: 0.15rem solid var(--line);
    }
    .label {
      display: flex;
      align-items: center;
      padding: 0 1.4rem;
      background: var(--accent);
      color: var(--accent-text);
      font-size: 1.4rem;
      font-weight: 800;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      white-space: nowrap;
    }
    .window {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      padding: 0.5rem 0;
    }
    .track {
      display: inline-block;
      padding-left: 100%;
      white-space: nowrap;
      font-size: 1.9rem;
      line-height: 1.45;
      will-change: transform;
      animation-name: scroll;
      animation-timing-function: linear;
      animation-iteration-count: infinite;
    }
    @keyframes scroll {
      from {
        transform: translateX(0);
      }
      to {
        transform: translateX(-100%);
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-notice-ticker': QmsNoticeTicker
  }
}
