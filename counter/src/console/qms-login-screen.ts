/** The staff login form. Dispatches `qms-logged-in` with the session answer of POST /api/auth/login. */
import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError, api } from '../../../shared/web/api.js'
import { errorMessage } from '../../../shared/error-messages.js'
import type { Lang } from '../../../shared/web/i18n.js'
import type { UserView } from '../../../shared/types.js'
import { t } from '../messages.js'
import { controls, tokens } from './styles.js'

export interface LoginAnswer {
  user: UserView
  csrfToken: string
}

@customElement('qms-login-screen')
export class QmsLoginScreen extends LitElement {
  /** Interface language. */
  @property() language: Lang = 'vi'
  /** The site's name, when known. */
  @property() siteName = ''
  /** A message to show above the form, e.g. after a session expired. */
  @property() notice = ''

  @state() private busy = false
  @state() private error = ''

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        background: linear-gradient(160deg, #0b57a4 0%, #0a3f78 55%, #eef2f7 55.1%);
      }
      form {
        width: min(26rem, 92vw);
        background: var(--qms-card);
        border-radius: 1rem;
        padding: 2.25rem 2.25rem 2rem;
        box-shadow: 0 1.2rem 3rem rgba(8, 40, 80, 0.25);
        display: grid;
        gap: 1.1rem;
      }
      .brand {
        font-size: 0.95rem;
        font-weight: 600;
        color: var(--qms-primary);
        text-transform: uppercase;
        letter-spacing: 0.02em;
      }
      h1 {
        margin: 0;
        font-size: 1.8rem;
      }
      .sub {
        margin: -0.6rem 0 0.2rem;
        color: var(--qms-muted);
      }
      label {
        display: grid;
        gap: 0.35rem;
        font-weight: 600;
      }
      button[type='submit'] {
        padding: 0.85rem;
        font-size: 1.1rem;
        margin-top: 0.4rem;
      }
      .error,
      .notice {
        border-radius: var(--qms-radius);
        padding: 0.7rem 0.9rem;
        font-weight: 600;
      }
      .error {
        background: var(--qms-danger-soft);
        color: var(--qms-danger);
      }
      .notice {
        background: var(--qms-warning-soft);
        color: var(--qms-warning);
      }
    `,
  ]

  override render() {
    const lang = this.language
    return html`
      <form @submit=${this.submit} novalidate>
        ${this.siteName ? html`<div class="brand">${this.siteName}</div>` : ''}
        <h1>${t(lang, 'loginTitle')}</h1>
        <p class="sub">${t(lang, 'loginSubtitle')}</p>
        ${this.notice && !this.error ? html`<div class="notice">${this.notice}</div>` : ''}
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
        <label
          >${t(lang, 'username')}
          <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus />
        </label>
        <label
          >${t(lang, 'password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t(lang, 'loggingIn') : t(lang, 'loginButton')}
        </button>
      </form>
    `
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const username = String(data.get('username') ?? '').trim()
    const password = String(data.get('password') ?? '')
    if (!username || !password) {
      this.error = errorMessage('invalid_credentials', this.language)
      return
    }
    this.busy = true
    this.error = ''
    try {
      const answer = await api<LoginAnswer>('/api/auth/login', { body: { username, password } })
      this.dispatchEvent(new CustomEvent<LoginAnswer>('qms-logged-in', { detail: answer, bubbles: true, composed: true }))
    } catch (err) {
      this.error = errorMessage(err instanceof ApiError ? err.code : 'internal_error', this.language)
      const field = form.querySelector<HTMLInputElement>('input[name=password]')
      if (field) {
        field.value = ''
        field.focus()
      }
    } finally {
      this.busy = false
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-login-screen': QmsLoginScreen
  }
}
