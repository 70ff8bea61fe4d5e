/**
 * The province's screens for province administrators and managers: its centres (`centres`, the
 * default), every centre side by side (`report`) and its people (`people`), under a row of tabs
 * rather than the administration's side column, so the wide report keeps the page's width.
 * Province administrators change things; managers read.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { controls, tokens } from '../console/styles.js'
import type { StaffSession } from '../session.js'
import { t, type ProvinceKey } from './messages.js'
import './qms-province-centres.js'
import './qms-province-report.js'
import './qms-province-people.js'

const SCREENS: { route: string; label: ProvinceKey }[] = [
  { route: 'centres', label: 'navCentres' },
  { route: 'report', label: 'navReport' },
  { route: 'people', label: 'navPeople' },
]

@customElement('qms-province-app')
export class QmsProvinceApp extends LitElement {
  /** Who is logged in, from the app shell. */
  @property({ attribute: false }) session: StaffSession | null = null
  /** The part of the hash after `#/province/`, e.g. `report`. */
  @property() route = ''

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      nav {
        display: flex;
        gap: 0.3rem;
        padding: 0 2rem;
        background: #fff;
        border-bottom: 1px solid var(--qms-line);
      }
      nav a {
        padding: 0.75rem 1rem 0.65rem;
        color: var(--qms-muted);
        text-decoration: none;
        font-weight: 600;
        border-bottom: 3px solid transparent;
      }
      nav a:hover {
        color: var(--qms-ink);
      }
      nav a[aria-current='page'] {
        color: var(--qms-primary-dark);
        border-bottom-color: var(--qms-primary);
      }
      .content {
        flex: 1;
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
      @media print {
        nav,
        .read-only {
          display: none;
        }
        .content {
          padding: 0;
          overflow: visible;
        }
      }
    `,
  ]

  override render() {
    const session = this.session
    if (!session) return html``
    const lang = session.lang
    const name = this.route.split('/')[0] || 'centres'
    const current = SCREENS.find((s) => s.route === name) ?? SCREENS[0]!
    return html`
      <nav aria-label=${t(lang, 'navLabel')}>
        ${SCREENS.map(
          (s) =>
            html`<a href="#/province/${s.route}" data-route=${s.route} aria-current=${s.route === current.route ? 'page' : 'false'}>${t(lang, s.label)}</a>`,
        )}
      </nav>
      <div class="content">
        ${session.provinceRole !== 'admin' && current.route !== 'report' ? html`<p class="read-only">${t(lang, 'readOnly')}</p>` : ''}
        ${this.renderScreen(current.route, session)}
      </div>
    `
  }

  private renderScreen(route: string, session: StaffSession) {
    switch (route) {
      case 'report':
        return html`<qms-province-report .session=${session}></qms-province-report>`
      case 'people':
        return html`<qms-province-people .session=${session}></qms-province-people>`
      default:
        return html`<qms-province-centres .session=${session}></qms-province-centres>`
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-province-app': QmsProvinceApp
  }
}
