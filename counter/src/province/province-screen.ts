/**
 * What the province's screens share with the administration screens (API calls with the CSRF token,
 * the look, notices, dialogs, confirmation), with the province's own rule for who changes things:
 * province administrators change, province managers read.
 */
import { AdminScreen } from '../admin/admin-screen.js'
import { switchSiteEvent } from '../session.js'
import { t, type ProvinceKey } from './messages.js'

export abstract class ProvinceScreen extends AdminScreen {
  protected override get canEdit(): boolean {
    return this.session?.provinceRole === 'admin'
  }

  /** A text of the province's catalogue. */
  protected p(key: ProvinceKey, params?: Record<string, string | number>): string {
    return t(this.uiLang, key, params)
  }

  /** Moves the login to a centre, then opens `then` there (e.g. '#/admin'). */
  protected workAt(siteId: number, then: string): void {
    if (siteId === this.session?.user.siteId) location.hash = then
    else this.dispatchEvent(switchSiteEvent({ siteId, then }))
  }

  /** Whether the login may move to this centre (province roles: every active centre). */
  protected mayWorkAt(siteId: number): boolean {
    return this.session?.workplaces.some((w) => w.siteId === siteId) ?? false
  }
}
