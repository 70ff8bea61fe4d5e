/**
 * Who is using the staff app, handed down from the app shell to every screen as a property
 * (`.session=${session}`). The CSRF token lives only in memory: send it with every change
 * (`api(path, { csrfToken: session.csrfToken, ... })`).
 */
import type { Lang } from '../../shared/web/i18n.js'
import type { UserView } from '../../shared/types.js'

export interface StaffSession {
  user: UserView
  csrfToken: string
  /** The language the staff member chose in the top bar. */
  lang: Lang
}
