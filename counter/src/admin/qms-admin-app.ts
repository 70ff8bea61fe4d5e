/**
 * Administration for managers and administrators: a sub-navigation and the screen for the route
 * (`overview`, `services`, `procedures`, `counters`, `groups`, `staff`, `devices`, `site`, `audit`, `account`).
 * Managers read everything but the audit log; only administrators change things.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Role } from '../../../shared/constants.js'
import { controls, tokens } from '../console/styles.js'
import type { StaffSession } from '../session.js'
import { t, type AdminKey } from './messages.js'
import './qms-admin-overview.js'
import './qms-admin-services.js'
import './qms-admin-procedures.js'
import './qms-admin-counters.js'
import './qms-admin-groups.js'
import './qms-admin-staff.js'
import './qms-admin-devices.js'
import './qms-admin-site.js'
import './qms-admin-audit.js'
import './qms-admin-account.js'

interface Screen {
  route: string
  label: AdminKey
  roles: readonly Role[]
}

const SCREENS: Screen[] = [
  { route: 'overview', label: 'navOverview', roles: ['admin', 'manager'] },
  { route: 'services', label: 'navServices', roles: ['admin', 'manager'] },
  { route: 'procedures', label: 'navProcedures', roles: ['admin', 'manager'] },
  { route: 'counters', label: 'navCounters', roles: ['admin', 'manager'] },
  { route: 'groups', label: 'navGroups', roles: ['admin', 'manager'] },
  { route: 'staff', label: 'navStaff', roles: ['admin', 'manager'] },
  { route: 'devices', label: 'navDevices', roles: ['admin', 'manager'] },
  { route: 'site', label: 'navSite', roles: ['admin', 'manager'] },
  { route: 'audit', label: 'navAudit', roles: ['admin'] },
  { route: 'account', label: 'navAccount', roles: ['admin', 'manager'] },
]

@customElement('qms-admin-app')
export class QmsAdminApp extends LitElement {
  /** Who is logged in, from the app shell. */
  @property({ attribute: false }) session: StaffSession | null = null
  /** The part of the hash after `#/admin/`, e.g. `services`. */
  @property() route = ''

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: grid;
        grid-template-columns: 15rem minmax(0, 1fr);
        min-height: 0;
      }
      nav {
        background: #fff;
        border-right: 1px solid var(--qms-line);
        padding: 1rem 0.7rem;
        display: flex;
        flex-direction: column;
        gap: 0.15rem;
      }
      nav a {
        display: block;
        padding: 0.65rem 0.9rem;
        border-radius: 0.5rem;
        color: var(--qms-ink);
        text-decoration: none;
        font-weight: 600;
      }
      nav a:hover {
        background: #f1f5fa;
      }
      nav a[aria-current='page'] {
        background: var(--qms-primary-soft);
        color: var(--qms-primary-dark);
        box-shadow: inset 3px 0 0 var(--qms-primary);
      }
      nav hr {
        border: 0;
        border-top: 1px solid var(--qms-line);
        margin: 0.6rem 0.4rem;
      }
      .content {
        padding: 1.5rem 2rem 2.5rem;
        min-width: 0;
        overflow: auto;
      }
      .read-only {
        margin: 0 0 1rem;
        padding: 0.55rem 0.9rem;
        border-radius: var(--qms-radius);
        background: var(--qms-warning-soft);
        color: var(--qms-warning);
        font-weight: 600;
      }
    `,
  ]

  override render() {
    const session = this.session
    if (!session) return html``
    const lang = session.lang
    const role = session.user.role
    const screens = SCREENS.filter((s) => s.roles.includes(role))
    const name = this.route.split('/')[0] || 'overview'
    const current = screens.find((s) => s.route === name) ?? screens[0]
    return html`
      <nav aria-label=${t(lang, 'navOverview')}>
        ${screens.map(
          (s) => html`${s.route === 'account' ? html`<hr />` : ''}<a
              href="#/admin/${s.route}"
              data-route=${s.route}
              aria-current=${s.route === current?.route ? 'page' : 'false'}
              >${t(lang, s.label)}</a
            >`,
        )}
      </nav>
      <div class="content">
        ${role !== 'admin' && current && !['overview', 'account'].includes(current.route) ? html`<p class="read-only">${t(lang, 'readOnly')}</p>` : ''}
        ${this.renderScreen(current?.route ?? 'overview', session)}
      </div>
    `
  }

  private renderScreen(route: string, session: StaffSession) {
    switch (route) {
      case 'services':
        return html`<qms-admin-services .session=${session}></qms-admin-services>`
      case 'procedures':
        return html`<qms-admin-procedures .session=${session}></qms-admin-procedures>`
      case 'counters':
        return html`<qms-admin-counters .session=${session}></qms-admin-counters>`
      case 'groups':
        return html`<qms-admin-groups .session=${session}></qms-admin-groups>`
      case 'staff':
        return html`<qms-admin-staff .session=${session}></qms-admin-staff>`
      case 'devices':
        return html`<qms-admin-devices .session=${session}></qms-admin-devices>`
      case 'site':
        return html`<qms-admin-site .session=${session}></qms-admin-site>`
      case 'audit':
        return html`<qms-admin-audit .session=${session}></qms-admin-audit>`
      case 'account':
        return html`<qms-admin-account .session=${session}></qms-admin-account>`
      default:
        return html`<qms-admin-overview .session=${session}></qms-admin-overview>`
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-app': QmsAdminApp
  }
}
