/**
 * A full screen for when there is no board to show: not paired, revoked, or still connecting.
 * Unpaired and revoked displays show a pairing code for an administrator to confirm.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PairingCode } from '../../shared/web/pairing-controller.js'
import '../../shared/web/qms-pairing-code.js'
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

  /** The pairing code to show (unpaired or revoked), or null while none was given yet. */
  @property({ attribute: false }) pairing: PairingCode | null = null
  /** Whether the pairing screen is shown at all. */
  @property({ type: Boolean }) pairable = false
  @property({ type: Boolean }) reachable = true
  @property({ type: Boolean }) paired = false

  override render() {
    if (this.pairable) return this.renderPairing()
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

  /** Vietnamese, then English in grey: whoever sets up the TV may read either. */
  private both(key: MessageKey, params: Record<string, string | number> = {}) {
    return html`${t('vi', key, params)}<span class="en-line">${t('en', key, params)}</span>`
  }

  private renderPairing() {
    const { title, body } = TEXT[this.kind]
    const code = this.pairing
    const minutes = code ? Math.max(1, Math.ceil(code.expiresInMs / 60_000)) : 0
    const key: MessageKey = this.paired ? 'pairPaired' : !this.reachable ? 'pairOffline' : code ? 'pairValid' : 'pairAsking'
    const note = `${t('vi', key, { minutes })}\n${t('en', key, { minutes })}`
    return html`<div class="pairing" role="status" data-testid="status-${this.kind}">
      <qms-pairing-code
        code=${code?.code ?? ''}
        url=${code?.confirmUrl ?? ''}
        label=${`${t('vi', 'pairCodeLabel')} · ${t('en', 'pairCodeLabel')}`}
        qrLabel=${`${t('vi', 'pairQr')} · ${t('en', 'pairQr')}`}
        note=${note}
        ?warning=${!this.reachable}
      >
        <div slot="heading">
          ${this.siteName ? html`<div class="site">${this.siteName}</div>` : ''}
          <h1>${t('vi', title)}</h1>
          <div class="en-title">${t('en', title)}</div>
        </div>
        ${body ? html`<p class="lead">${t('vi', body)}<span class="en-line">${t('en', body)}</span></p>` : ''}
        <ol>
          <li>${this.both('pairStep1')}</li>
          <li>${this.both('pairStep2')}</li>
          <li>${this.both('pairStep3')}</li>
        </ol>
        <p class="link">${t('vi', 'pairLink')}<span class="en-line">${t('en', 'pairLink')}</span></p>
      </qms-pairing-code>
    </div>`
  }

  static override styles = css`
    .pairing {
      width: 100%;
      max-width: 110rem;
      text-align: left;
      --pair-panel: var(--panel);
      --pair-ink: var(--text);
      --pair-muted: var(--muted);
      --pair-accent: var(--accent);
      --pair-warning: var(--paused);
    }
    .pairing h1 {
      margin: 0 0 0.3rem;
      font-size: 2.9rem;
      line-height: 1.3;
    }
    .pairing .en-title {
      font-size: 1.9rem;
    }
    .pairing .site {
      margin-bottom: 2rem;
      font-size: 1.6rem;
    }
    .pairing p.lead {
      margin: 1.4rem 0 0;
      font-size: 1.5rem;
    }
    .pairing ol {
      margin: 1.8rem 0 0;
      padding-left: 2.4rem;
      display: grid;
      gap: 1rem;
      font-size: 1.45rem;
      line-height: 1.4;
    }
    .pairing li::marker {
      font-weight: 800;
      color: var(--accent);
    }
    .en-line {
      display: block;
      font-size: 0.8em;
      color: var(--muted);
    }
    .pairing p.link {
      margin: 2rem 0 0;
      font-size: 1.15rem;
      color: var(--muted);
    }
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
