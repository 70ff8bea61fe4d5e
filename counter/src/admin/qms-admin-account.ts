/** Any logged-in person changes their own password here. */
import { html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { noticeBar, pageHead } from './admin-templates.js'

@customElement('qms-admin-account')
export class QmsAdminAccount extends AdminScreen {
  /** Nothing to list: only the notice after a change. */
  private readonly result = new AdminData<never>(this)
  @state() private saving = false

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value
    if (value('newPassword') !== value('repeatPassword')) {
      this.result.notice = { kind: 'error', text: this.tr('passwordsDiffer') }
      return
    }
    this.saving = true
    await this.result.act(async () => {
      await this.call('/api/auth/password', { method: 'POST', body: { currentPassword: value('currentPassword'), newPassword: value('newPassword') } })
      form.reset()
      return { kind: 'ok', text: this.tr('passwordChanged') }
    })
    this.saving = false
  }

  override render() {
    return html`
      ${pageHead(this.tr('accountHeading'), this.tr('accountHint'))}
      ${noticeBar(this.result.notice)}
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
