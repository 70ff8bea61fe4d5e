/**
 * The staff app shell: login (resuming a session on load), the top bar, and hash routes:
 *   #/console        counter console, every role
 *   #/admin/<route>  administration, managers and admins   (<qms-admin-app route="<route>">)
 *   #/reports/<route> reports, managers and admins         (<qms-reports-app route="<route>">)
 *   #/province/<route> the province's screens, province administrators and managers
 *                                                          (<qms-province-app route="<route>">)
 * An empty hash ('', '#', '#/') is the role's home screen, replaced in the history so Back does not
 * land on it; an unknown section says so, with a link home. Every change of screen is a hash change,
 * so the browser's Back and Forward move between screens.
 * Child screens get the session as a property and may dispatch:
 *   `qms-connection` (detail: ConnectionState | null) to show their live connection in the top bar;
 *   `qms-session-expired` when the server answers 401, to go back to the login screen;
 *   `qms-switch-site` (detail: SwitchSite) to move the login to another centre, as the top bar's
 *   switcher does: the section below is made anew there (keyed on the centre), so its sockets
 *   connect to the new centre's rooms;
 *   `qms-session-changed` when the session's list of centres may have changed, to load it again.
 */
import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { keyed } from 'lit/directives/keyed.js'
import { ApiError, api } from '../../shared/web/api.js'
import { detached } from '../../shared/web/detached.js'
import { errorMessage } from '../../shared/error-messages.js'
import type { ConnectionState } from '../../shared/web/queue-controller.js'
import type { Lang } from '../../shared/web/i18n.js'
import type { Role } from '../../shared/constants.js'
import type { QueueSnapshot, Session } from '../../shared/types.js'
import { t } from './messages.js'
import { staffSession, type StaffSession, type SwitchSite } from './session.js'
import type { NavItem } from './console/qms-top-bar.js'
import { tokens } from './console/styles.js'
import './console/qms-login-screen.js'
import './console/qms-top-bar.js'
import './console/qms-console.js'
import './admin/qms-admin-app.js'
import './reports/qms-reports-app.js'
import './province/qms-province-app.js'

type Section = 'console' | 'admin' | 'reports' | 'province'

const byRole =
  (...roles: Role[]) =>
  (s: StaffSession): boolean =>
    roles.includes(s.user.role)

/** The sections, and who may open each: by the role at the current centre, or by the province role. */
const SECTIONS: (NavItem & { section: Section; allows: (s: StaffSession) => boolean })[] = [
  { section: 'console', href: '#/console', label: 'navConsole', allows: byRole('staff', 'manager', 'admin') },
  { section: 'admin', href: '#/admin', label: 'navAdmin', allows: byRole('manager', 'admin') },
  { section: 'reports', href: '#/reports', label: 'navReports', allows: byRole('manager', 'admin') },
  { section: 'province', href: '#/province', label: 'navProvince', allows: (s) => s.provinceRole !== null },
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
  /** A move to another centre is under way. */
  @state() private switching = false
  /** Why the last move to another centre failed, in words. */
  @state() private switchError = ''
  /** Only the newest request for the centre's name may set it (a move can overtake an older one). */
  private siteNameRequest = 0

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
      .switch-error {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        margin: 0;
        padding: 0.6rem 1.25rem;
        background: var(--qms-danger-soft);
        color: var(--qms-danger);
        font-weight: 600;
      }
      .switch-error button {
        font: inherit;
        background: transparent;
        border: 1px solid currentColor;
        border-radius: var(--qms-radius);
        color: inherit;
        padding: 0.2rem 0.7rem;
        cursor: pointer;
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
        qms-top-bar,
        .switch-error {
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
    this.addEventListener('qms-switch-site', this.onSwitchSite)
    this.addEventListener('qms-session-changed', this.onSessionChanged)
    void this.resume()
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange)
    this.removeEventListener('qms-logged-in', this.onLoggedIn)
    this.removeEventListener('qms-logout', this.onLogout)
    this.removeEventListener('qms-lang', this.onLang)
    this.removeEventListener('qms-connection', this.onConnection)
    this.removeEventListener('qms-session-expired', this.onExpired)
    this.removeEventListener('qms-switch-site', this.onSwitchSite)
    this.removeEventListener('qms-session-changed', this.onSessionChanged)
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
    const allowed = SECTIONS.filter((s) => s.allows(session))
    const { section, rest } = parseRoute(this.hash)
    const current = SECTIONS.find((s) => s.section === section)
    return html`
      <qms-top-bar
        .session=${session}
        .siteName=${this.siteName}
        .nav=${allowed.length > 1 ? allowed : []}
        .section=${section}
        .connection=${this.connection}
        ?switching=${this.switching}
      ></qms-top-bar>
      ${
        this.switchError
          ? html`<p class="switch-error" role="alert">
            ${this.switchError}<button type="button" @click=${() => (this.switchError = '')}>${t(session.lang, 'dismiss')}</button>
          </p>`
          : ''
      }
      <main>
        ${
          !current
            ? html`<p class="message" role="alert" data-not-found>
              ${t(session.lang, 'pageNotFound')}
              <a href=${homeOf(session.user.role)}>${t(session.lang, session.user.role === 'staff' ? 'goToConsole' : 'goToAdmin')}</a>
            </p>`
            : !current.allows(session)
              ? html`<p class="message" role="alert">${t(session.lang, 'notAllowed')}</p>`
              : // Made anew at each centre: screens connect to the centre the login works at now.
                keyed(session.user.siteId, this.renderSection(current.section, rest, session))
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
      case 'province':
        return html`<qms-province-app .session=${session} route=${rest}></qms-province-app>`
    }
  }

  /** A session cookie may still be valid from earlier today: pick it up without asking again. */
  private async resume(): Promise<void> {
    try {
      this.start(await api<Session>('/api/auth/me'))
    } catch {
      this.session = null
    } finally {
      this.resuming = false
    }
  }

  private start(answer: Session): void {
    this.session = staffSession(answer, this.language)
    this.notice = ''
    this.switchError = ''
    // A link to a screen is kept (one the role may not open says so); anything else starts at home,
    // in place of the login's history entry, so Back does not return to an empty page.
    const { section } = parseRoute(location.hash)
    if (section === '') this.goHome(answer.user.role)
    else this.hash = location.hash
    void this.loadSiteName()
  }

  private async loadSiteName(): Promise<void> {
    const request = ++this.siteNameRequest
    try {
      const snapshot = await api<QueueSnapshot>('/api/queue/snapshot')
      if (request !== this.siteNameRequest) return
      this.siteName = this.language === 'en' && snapshot.site.nameEn ? snapshot.site.nameEn : snapshot.site.name
    } catch {
      // The name is decoration; the screens below report their own errors.
    }
  }

  private readonly onLoggedIn = (event: Event): void => {
    // The login form's answer is the whole session (SessionSchema), though the form names only part of it.
    this.start((event as CustomEvent<Session>).detail)
  }

  private readonly onSwitchSite = detached(async (event: Event): Promise<void> => {
    const { siteId, then } = (event as CustomEvent<SwitchSite>).detail
    const before = this.session
    if (!before || this.switching) return
    this.switching = true
    this.switchError = ''
    try {
      const answer = await api<Session>('/api/auth/site', { method: 'POST', body: { siteId }, csrfToken: before.csrfToken })
      this.session = staffSession(answer, this.language)
      this.connection = null
      // The list's name at once; the name in the bar's language when the new centre answers.
      this.siteName = answer.workplaces.find((w) => w.siteId === answer.user.siteId)?.name ?? ''
      void this.loadSiteName()
      if (then) location.hash = then
      else if (answer.user.role !== before.user.role) this.goHome(answer.user.role)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return this.onExpired()
      const code = err instanceof ApiError ? err.code : 'internal_error'
      this.switchError = t(this.language, 'switchFailed', { reason: errorMessage(code, this.language) })
    } finally {
      this.switching = false
    }
  })

  private readonly onSessionChanged = detached(async (): Promise<void> => {
    if (!this.session) return
    try {
      const answer = await api<Session>('/api/auth/me')
      if (this.session) this.session = staffSession(answer, this.language)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.onExpired()
      // Otherwise the switcher keeps its list until the next login: nothing on screen depends on it now.
    }
  })

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
