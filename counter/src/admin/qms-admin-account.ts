/** Any logged-in person changes their own password here. */
import { html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { controls, tokens } from '../console/styles.js'
import { AdminScreen, codeOf } from './admin-screen.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal } from './messages.js'

@customElement('qms-admin-account')
export class QmsAdminAccount extends AdminScreen {
  @state() private saving = false
  @state() private notice: { kind: 'ok' | 'error'; text: string } | null = null

  static override styles = [tokens, controls, adminStyles, formPageStyles]

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value
    if (value('newPassword') !== value('repeatPassword')) {
      this.notice = { kind: 'error', text: this.tr('passwordsDiffer') }
      return
    }
    this.saving = true
    try {
      await this.call('/api/auth/password', { method: 'POST', body: { currentPassword: value('currentPassword'), newPassword: value('newPassword') } })
      form.reset()
      this.notice = { kind: 'ok', text: this.tr('passwordChanged') }
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    } finally {
      this.saving = false
    }
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('accountHeading')}</h1>
          <p class="lead">${this.tr('accountHint')}</p>
        </div>
      </div>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      <form class="card settings narrow" @submit=${this.save}>
        <label class="field">${this.tr('currentPassword')}
          <input name="currentPassword" type="password" required autocomplete="current-password" />
        </label>
        <label class="field">${this.tr('newPassword')}
          <input name="newPassword" type="password" required minlength="8" maxlength="200" autocomplete="new-password" />
          <small>${this.tr('passwordHint')}</small>
        </label>
        <label class="field">${this.tr('repeatPassword')}
          <input name="repeatPassword" type="password" required minlength="8" maxlength="200" autocomplete="new-password" />
        </label>
        <div class="dialog-actions">
          <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? this.tr('saving') : this.tr('save')}</button>
        </div>
      </form>
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-account': QmsAdminAccount
  }
}
