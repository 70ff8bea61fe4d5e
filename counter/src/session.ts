/**
 * Who is using the staff app, handed down from the app shell to every screen as a property
 * (`.session=${session}`). The CSRF token lives only in memory: send it with every change
 * (`api(path, { csrfToken: session.csrfToken, ... })`).
 */
import type { Lang } from '../../shared/web/i18n.js'
import type { ProvinceRole } from '../../shared/constants.js'
import type { Session, UserView, Workplace } from '../../shared/types.js'

export interface StaffSession {
  /** Who, at the centre the login works at now (`user.siteId`), with the role there. */
  user: UserView
  csrfToken: string
  /** The centre the account belongs to. */
  homeSiteId: number
  /** Province administrators and managers see the province's screens; everyone else null. */
  provinceRole: ProvinceRole | null
  /** The centres this login may move to (the centre switcher's list), with the role at each. */
  workplaces: Workplace[]
  /** The language the staff member chose in the top bar. */
  lang: Lang
}

export function staffSession(answer: Session, lang: Lang): StaffSession {
  return {
    user: answer.user,
    csrfToken: answer.csrfToken,
    homeSiteId: answer.homeSiteId,
    provinceRole: answer.provinceRole,
    workplaces: answer.workplaces,
    lang,
  }
}

/**
 * Asks the app shell to move the login to another centre (POST /api/auth/site) and, once there,
 * to open `then` (a hash such as '#/admin'); without it, the role's home if the role changed.
 */
export interface SwitchSite {
  siteId: number
  then?: string
}

export function switchSiteEvent(detail: SwitchSite): CustomEvent<SwitchSite> {
  return new CustomEvent<SwitchSite>('qms-switch-site', { detail, bubbles: true, composed: true })
}

/** Asks the app shell to load the session again (a centre was opened or renamed: the switcher's list changed). */
export function sessionChangedEvent(): CustomEvent<void> {
  return new CustomEvent('qms-session-changed', { bubbles: true, composed: true })
}
