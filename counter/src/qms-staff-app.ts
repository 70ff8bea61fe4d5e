/**
 * The staff app shell: login (resuming a session on load), the top bar, and hash routes:
 *   #/console        counter console, every role
 *   #/admin/<route>  administration, managers and admins   (<qms-admin-app route="<route>">)
 *   #/reports/<route> reports, managers and admins         (<qms-reports-app route="<route>">)
 * An empty hash ('', '#', '#/') is the role's home screen, replaced in the history so Back does not
 * land on it; an unknown section says so, with a link home. Every change of screen is a hash change,
 * so the browser's Back and Forward move between screens.
 * Child screens get the session as a property and may dispatch:
 *   `qms-connection` (detail: ConnectionState | null) to show their live connection in the top bar;
 *   `qms-session-expired` when the server answers 401, to go back to the login screen.
 */
import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { ApiError, api } from '../../shared/web/api.js'
import { detached } from '../../shared/web/detached.js'
import type { ConnectionState } from '../../shared/web/queue-controller.js'
import type { Lang } from '../../shared/web/i18n.js'
import type { Role } from '../../shared/constants.js'
import type { QueueSnapshot } from '../../shared/types.js'
import { t } from './messages.js'
import type { StaffSession } from './session.js'
import type { LoginAnswer } from './console/qms-login-screen.js'
import type { NavItem } from './console/qms-top-bar.js'
import { tokens } from './console/styles.js'
import './console/qms-login-screen.js'
import './console/qms-top-bar.js'
import './console/qms-console.js'
import './admin/qms-admin-app.js'
import './reports/qms-reports-app.js'

type Section = 'console' | 'admin' | 'reports'

const SECTIONS: (NavItem & { section: Section; roles: readonly Role[] })[] = [
  { section: 'console', href: '#/console', label: 'navConsole', roles: ['staff', 'manager', 'admin'] },
  { section: 'admin', href: '#/admin', label: 'navAdmin', roles: ['manager', 'admin'] },
  { section: 'reports', href: '#/reports', label: 'navReports', roles: ['manager', 'admin'] },
]

const LANG_KEY = 'qms.lang'

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'
  } catch {
    return 'vi'
  }
}

/** Where a role starts: staff at their counter, managers and admins at the administration screens. */
export function homeOf(role: Role): string {
  return role === 'staff' ? '#/console' : '#/admin'
}

/** Splits '#/admin/services/3' into the section and the rest ('services/3'). */
export function parseRoute(hash: string): { section: string; rest: string } {
  const path = hash.replace(/^#\/?/, '')
  const slash = path.indexOf('/')
  return slash < 0 ? { section: path, rest: '' } : { section: path.slice(0, slash), rest: path.slice(slash + 1) }
}

@customElement('qms-staff-app')
export class QmsStaffApp extends LitElement {
  @state() private session: StaffSession | null = null
  @state() private resuming = true
  @state() private language: Lang = storedLang()
  @state() private hash = location.hash
  @state() private connection: ConnectionState | null = null
  @state() private siteName = ''
  @state() private notice = ''

  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        background: var(--qms-bg);
      }
      main {
        flex: 1;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      main > * {
        flex: 1;
        min-height: 0;
      }
      .message {
        margin: 3rem auto;
        font-size: 1.2rem;
        color: var(--qms-muted);
        text-align: center;
      }
      .message a {
        display: block;
        margin-top: 0.9rem;
        color: var(--qms-primary-dark);
        font-weight: 700;
      }
      /* A printed page (the reports) carries the report only: no app bar, navigation or logout. */
      @media print {
        :host {
          display: block;
          min-height: 0;
          background: #fff;
        }
        qms-top-bar {
          display: none;
        }
        main {
          display: block;
        }
      }
    `,
  ]

  private readonly onHashChange = (): void => {
    this.connection = null
    if (this.session && parseRoute(location.hash).section === '') this.goHome(this.session.user.role)
    this.hash = location.hash
  }

  /** Shows the role's home screen in place of the current history entry (no extra Back step). */
  private goHome(role: Role): void {
    const url = new URL(location.href)
    url.hash = homeOf(role)
    history.replaceState(history.state, '', url)
    this.hash = location.hash
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('hashchange', this.onHashChange)
    this.addEventListener('qms-logged-in', this.onLoggedIn)
    this.addEventListener('qms-logout', this.onLogout)
    this.addEventListener('qms-lang', this.onLang)
    this.addEventListener('qms-connection', this.onConnection)
    this.addEventListener('qms-session-expired', this.onExpired)
    void this.resume()
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange)
    this.removeEventListener('qms-logged-in', this.onLoggedIn)
    this.removeEventListener('qms-logout', this.onLogout)
    this.removeEventListener('qms-lang', this.onLang)
    this.removeEventListener('qms-connection', this.onConnection)
    this.removeEventListener('qms-session-expired', this.onExpired)
    super.disconnectedCallback()
  }

  override updated(): void {
    document.documentElement.lang = this.language
  }

  override render() {
    if (this.resuming) return html`<p class="message">${t(this.language, 'loading')}</p>`
    if (!this.session) {
      return html`<qms-login-screen .language=${this.language} .siteName=${this.siteName} .notice=${this.notice}></qms-login-screen>`
    }
    const session = this.session
    const allowed = SECTIONS.filter((s) => s.roles.includes(session.user.role))
    const { section, rest } = parseRoute(this.hash)
    const current = SECTIONS.find((s) => s.section === section)
    return html`
      <qms-top-bar
        .session=${session}
        .siteName=${this.siteName}
        .nav=${allowed.length > 1 ? allowed : []}
        .section=${section}
        .connection=${this.connection}
      ></qms-top-bar>
      <main>
        ${
          !current
            ? html`<p class="message" role="alert" data-not-found>
              ${t(session.lang, 'pageNotFound')}
              <a href=${homeOf(session.user.role)}>${t(session.lang, session.user.role === 'staff' ? 'goToConsole' : 'goToAdmin')}</a>
            </p>`
            : !current.roles.includes(session.user.role)
              ? html`<p class="message" role="alert">${t(session.lang, 'notAllowed')}</p>`
              : this.renderSection(current.section, rest, session)
        }
      </main>
    `
  }

  private renderSection(section: Section, rest: string, session: StaffSession) {
    switch (section) {
      case 'console':
        return html`<qms-console .session=${session}></qms-console>`
      case 'admin':
        return html`<qms-admin-app .session=${session} route=${rest}></qms-admin-app>`
      case 'reports':
        return html`<qms-reports-app .session=${session} route=${rest}></qms-reports-app>`
    }
  }

  /** A session cookie may still be valid from earlier today: pick it up without asking again. */
  private async resume(): Promise<void> {
    try {
      this.start(await api<LoginAnswer>('/api/auth/me'))
    } catch {
      this.session = null
    } finally {
      this.resuming = false
    }
  }

  private start(answer: LoginAnswer): void {
    this.session = { user: answer.user, csrfToken: answer.csrfToken, lang: this.language }
    this.notice = ''
    // A link to a screen is kept (one the role may not open says so); anything else starts at home,
    // in place of the login's history entry, so Back does not return to an empty page.
    const { section } = parseRoute(location.hash)
    if (section === '') this.goHome(answer.user.role)
    else this.hash = location.hash
    void this.loadSiteName()
  }

  private async loadSiteName(): Promise<void> {
    try {
      const snapshot = await api<QueueSnapshot>('/api/queue/snapshot')
      this.siteName = this.language === 'en' && snapshot.site.nameEn ? snapshot.site.nameEn : snapshot.site.name
    } catch {
      // The name is decoration; the screens below report their own errors.
    }
  }

  private readonly onLoggedIn = (event: Event): void => {
    this.start((event as CustomEvent<LoginAnswer>).detail)
  }

  private readonly onLogout = detached(async (): Promise<void> => {
    const session = this.session
    this.session = null
    this.connection = null
    if (!session) return
    try {
      await api('/api/auth/logout', { method: 'POST', csrfToken: session.csrfToken })
    } catch (err) {
      // Already logged out on the server (expired): nothing more to do.
      if (!(err instanceof ApiError)) throw err
    }
  })

  private readonly onExpired = (): void => {
    if (!this.session) return
    this.session = null
    this.connection = null
    this.notice = t(this.language, 'sessionExpired')
  }

  private readonly onLang = (event: Event): void => {
    this.language = (event as CustomEvent<Lang>).detail
    try {
      localStorage.setItem(LANG_KEY, this.language)
    } catch {
      // Storage disabled: the choice lasts for this page only.
    }
    if (this.session) {
      this.session = { ...this.session, lang: this.language }
      void this.loadSiteName()
    }
  }

  private readonly onConnection = (event: Event): void => {
    this.connection = (event as CustomEvent<ConnectionState | null>).detail
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-staff-app': QmsStaffApp
  }
}
