/** A full screen for when there is no board to show: not paired, revoked, or still connecting. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { DisplayLanguage } from './board.js'
import { t, type MessageKey } from './messages.js'

export type StatusKind = 'unpaired' | 'revoked' | 'not-display' | 'connecting'

const TEXT: Record<StatusKind, { title: MessageKey; body: MessageKey | null }> = {
  unpaired: { title: 'unpairedTitle', body: 'unpairedBody' },
  revoked: { title: 'revokedTitle', body: 'revokedBody' },
  'not-display': { title: 'notDisplayTitle', body: 'notDisplayBody' },
  connecting: { title: 'connecting', body: null },
}

@customElement('qms-status-screen')
export class QmsStatusScreen extends LitElement {
  @property({ reflect: true }) kind: StatusKind = 'connecting'
  @property() siteName = ''
  /** Always shown in Vietnamese and English: whoever fixes the display may not read Vietnamese. */
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  override render() {
    const { title, body } = TEXT[this.kind]
    return html`
      <div class="box" role="status" data-testid="status-${this.kind}">
        ${this.siteName ? html`<div class="site">${this.siteName}</div>` : ''}
        ${this.kind === 'connecting' ? html`<div class="spinner" aria-hidden="true"></div>` : html`<div class="icon" aria-hidden="true">!</div>`}
        <h1>${t('vi', title)}</h1>
        <div class="en-title">${t('en', title)}</div>
        ${body ? html`<p>${t('vi', body)}</p><p class="en">${t('en', body)}</p>` : ''}
        ${this.kind === 'revoked' ? html`<p class="en">${t('vi', 'retrying')} · ${t('en', 'retrying')}</p>` : ''}
      </div>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      justify-content: center;
      height: 100%;
      padding: 4rem;
      box-sizing: border-box;
      text-align: center;
    }
    .box {
      max-width: 60rem;
    }
    .site {
      font-size: 2rem;
      font-weight: 700;
      text-transform: uppercase;
      color: var(--muted);
      margin-bottom: 3rem;
      line-height: 1.35;
    }
    .icon {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 6rem;
      height: 6rem;
      border-radius: 50%;
      background: var(--accent);
      color: var(--accent-text);
      font-size: 4rem;
      font-weight: 800;
    }
    .spinner {
      width: 5rem;
      height: 5rem;
      margin: 0 auto;
      border-radius: 50%;
      border: 0.6rem solid var(--line);
      border-top-color: var(--accent);
      animation: spin 1.2s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    h1 {
      margin: 2rem 0 0.4rem;
      font-size: 3.4rem;
      line-height: 1.35;
    }
    .en-title {
      font-size: 2rem;
      color: var(--muted);
      line-height: 1.35;
    }
    p {
      margin: 2rem 0 0;
      font-size: 1.7rem;
      line-height: 1.5;
    }
    p.en {
      margin-top: 0.8rem;
      font-size: 1.4rem;
      color: var(--muted);
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-status-screen': QmsStatusScreen
  }
}
