/**
 * The staff app's top bar: site (a centre switcher when the login may work at several), navigation
 * allowed for the role, connection state, user, language and logout. Dispatches `qms-lang`
 * (detail: 'vi' | 'en'), `qms-logout` and `qms-switch-site` (detail: { siteId }).
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { live } from 'lit/directives/live.js'
import type { ConnectionState } from '../../../shared/web/queue-controller.js'
import type { Lang } from '../../../shared/web/i18n.js'
import type { Role } from '../../../shared/constants.js'
import { t, type MessageKey } from '../messages.js'
import { switchSiteEvent, type StaffSession } from '../session.js'
import { controls, tokens } from './styles.js'

export interface NavItem {
  href: string
  label: MessageKey
  /** The first path segment of the routes it covers. */
  section: string
}

const ROLE_LABEL: Record<Role, MessageKey> = { admin: 'roleAdmin', manager: 'roleManager', staff: 'roleStaff' }
const CONNECTION_LABEL: Record<ConnectionState, MessageKey> = {
  online: 'online',
  offline: 'offline',
  connecting: 'connecting',
  unauthorized: 'unauthorized',
}

@customElement('qms-top-bar')
export class QmsTopBar extends LitElement {
  @property({ attribute: false }) session: StaffSession | null = null
  @property() siteName = ''
  /** Sections the role may open. */
  @property({ attribute: false }) nav: NavItem[] = []
  /** The section shown now ('console', 'admin', 'reports'). */
  @property() section = ''
  /** Live connection of the screen shown, or null when it has none. */
  @property() connection: ConnectionState | null = null
  /** A move to another centre is under way: the switcher waits for it. */
  @property({ type: Boolean }) switching = false

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
        background: #0a3f78;
        color: #fff;
      }
      header {
        display: flex;
        align-items: center;
        gap: 1.25rem;
        padding: 0 1.25rem;
        height: 3.4rem;
      }
      .site {
        font-weight: 700;
        font-size: 1.05rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
      }
      /* The centre switcher: a caption over a select as wide as the bar allows; a long name ends in
         an ellipsis and is read in full from the title. */
      .switcher {
        display: grid;
        gap: 0.05rem;
        min-width: 9rem;
        max-width: 34rem;
        flex: 0 1 auto;
      }
      .switcher span {
        font-size: 0.72rem;
        font-weight: 600;
        color: #b7cbe6;
        white-space: nowrap;
      }
      .switcher select {
        width: 100%;
        padding: 0.15rem 0.4rem;
        font-weight: 700;
        font-size: 0.98rem;
        color: #fff;
        background-color: rgba(255, 255, 255, 0.1);
        border: 1px solid rgba(255, 255, 255, 0.35);
        border-radius: 0.4rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        cursor: pointer;
      }
      .switcher select:disabled {
        opacity: 0.6;
        cursor: progress;
      }
      .switcher option {
        color: var(--qms-ink);
        background: #fff;
        font-weight: 400;
      }
      nav {
        display: flex;
        gap: 0.25rem;
        height: 100%;
        flex-shrink: 0;
      }
      nav a {
        display: flex;
        align-items: center;
        padding: 0 0.9rem;
        color: #cfe0f5;
        text-decoration: none;
        font-weight: 600;
        border-bottom: 3px solid transparent;
      }
      nav a:hover {
        color: #fff;
      }
      nav a[aria-current='page'] {
        color: #fff;
        border-bottom-color: #ffd166;
      }
      .spacer {
        flex: 1;
      }
      .conn {
        display: flex;
        align-items: center;
        gap: 0.45rem;
        font-size: 0.9rem;
        white-space: nowrap;
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
        background: #9aa9bd;
      }
      .conn.online .dot {
        background: #3ddc84;
        box-shadow: 0 0 0 3px rgba(61, 220, 132, 0.25);
      }
      .conn.offline .dot,
      .conn.unauthorized .dot {
        background: #ff6b5e;
      }
      .conn.offline,
      .conn.unauthorized {
        color: #ffc9c4;
        font-weight: 700;
      }
      .user {
        display: grid;
        line-height: 1.15;
        text-align: right;
      }
      .user .name {
        font-weight: 600;
        white-space: nowrap;
      }
      .user .role {
        font-size: 0.8rem;
        color: #b7cbe6;
      }
      .lang {
        display: flex;
        border: 1px solid rgba(255, 255, 255, 0.35);
        border-radius: var(--qms-radius);
        overflow: hidden;
      }
      .lang button {
        border: 0;
        border-radius: 0;
        background: transparent;
        color: #cfe0f5;
        padding: 0.3rem 0.6rem;
        font-size: 0.85rem;
      }
      .lang button[aria-pressed='true'] {
        background: #fff;
        color: #0a3f78;
      }
      .logout {
        background: transparent;
        color: #fff;
        border-color: rgba(255, 255, 255, 0.35);
        padding: 0.35rem 0.8rem;
        font-size: 0.9rem;
      }
    `,
  ]

  override render() {
    const session = this.session
    if (!session) return ''
    const lang = session.lang
    return html`
      <header>
        ${
          session.workplaces.length > 1
            ? this.renderSwitcher(session)
            : html`<div class="site" title=${this.siteName}>${this.siteName || t(lang, 'appTitle')}</div>`
        }
        <nav>
          ${this.nav.map((item) => html`<a href=${item.href} aria-current=${item.section === this.section ? 'page' : 'false'}>${t(lang, item.label)}</a>`)}
        </nav>
        <div class="spacer"></div>
        ${
          this.connection
            ? html`<div class="conn ${this.connection}" role="status" data-connection=${this.connection}>
              <span class="dot"></span>${t(lang, CONNECTION_LABEL[this.connection])}
            </div>`
            : ''
        }
        <div class="user">
          <span class="name">${session.user.displayName}</span>
          <span class="role">${t(lang, ROLE_LABEL[session.user.role])}</span>
        </div>
        <div class="lang" role="group" aria-label="Ngôn ngữ / Language">
          ${(['vi', 'en'] as const).map(
            (l) => html`<button aria-pressed=${l === lang ? 'true' : 'false'} @click=${() => this.setLang(l)}>${l.toUpperCase()}</button>`,
          )}
        </div>
        <button class="logout" @click=${this.logout}>${t(lang, 'logout')}</button>
      </header>
    `
  }

  private renderSwitcher(session: StaffSession) {
    const here = session.user.siteId
    const current = session.workplaces.find((w) => w.siteId === here)
    const full = this.siteName || current?.name || ''
    return html`<label class="switcher">
      <span>${t(session.lang, this.switching ? 'switchingSite' : 'workingAt')}</span>
      <select name="workplace" data-switcher title=${full} ?disabled=${this.switching} @change=${this.onSwitch}>
        ${session.workplaces.map(
          (w) =>
            html`<option value=${w.siteId} .selected=${live(w.siteId === here)}>${w.siteId === here && this.siteName ? this.siteName : w.name} (${w.code})</option>`,
        )}
      </select>
    </label>`
  }

  private onSwitch(event: Event): void {
    const siteId = Number((event.target as HTMLSelectElement).value)
    if (siteId !== this.session?.user.siteId) this.dispatchEvent(switchSiteEvent({ siteId }))
  }

  private setLang(lang: Lang): void {
    this.dispatchEvent(new CustomEvent<Lang>('qms-lang', { detail: lang, bubbles: true, composed: true }))
  }

  private logout(): void {
    this.dispatchEvent(new CustomEvent('qms-logout', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-top-bar': QmsTopBar
  }
}
