/**
 * What every administration screen shares: the session, the look, API calls that carry the CSRF
 * token and report an expired session to the app shell, and a confirmation before destructive actions.
 */
import { LitElement } from 'lit'
import { property } from 'lit/decorators.js'
import { ApiError, api, type ApiOptions } from '../../../shared/web/api.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { controls, tokens } from '../console/styles.js'
import type { StaffSession } from '../session.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal, t, type AdminKey } from './messages.js'
import type { QmsAdminConfirm } from './qms-admin-confirm.js'

export abstract class AdminScreen extends LitElement {
  /** Who is logged in; handed down by the admin app. */
  @property({ attribute: false }) session: StaffSession | null = null

  static override styles = [tokens, controls, adminStyles, formPageStyles]

  get uiLang(): Lang {
    return this.session?.lang ?? 'vi'
  }

  protected get canEdit(): boolean {
    return this.session?.user.role === 'admin'
  }

  protected tr(key: AdminKey, params?: Record<string, string | number>): string {
    return t(this.uiLang, key, params)
  }

  /** A failed request in words. */
  refusalOf(err: unknown): string {
    return refusal(this.uiLang, codeOf(err))
  }

  protected async call<T>(path: string, opts: ApiOptions = {}): Promise<T> {
    try {
      return await api<T>(path, { ...opts, csrfToken: this.session?.csrfToken ?? null })
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
      }
      throw err
    }
  }

  /** Asks before a destructive action; resolves true when confirmed. */
  protected confirmAction(message: string, action: string): Promise<boolean> {
    const dialog = this.renderRoot.querySelector<QmsAdminConfirm>('qms-admin-confirm')
    return dialog ? dialog.ask(message, action, this.tr('cancel')) : Promise.resolve(false)
  }
}

export function codeOf(err: unknown): string {
  return err instanceof ApiError ? err.code : 'internal_error'
}
