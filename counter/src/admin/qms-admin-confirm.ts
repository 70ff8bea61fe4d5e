/** A modal "are you sure?" for destructive actions: `await confirm.ask(text, actionLabel, cancelLabel)`. */
import { LitElement, css, html } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import { controls, tokens } from '../console/styles.js'

@customElement('qms-admin-confirm')
export class QmsAdminConfirm extends LitElement {
  @state() private message = ''
  @state() private action = ''
  @state() private cancelLabel = ''
  @query('dialog') private dialog!: HTMLDialogElement
  private resolve: ((ok: boolean) => void) | null = null

  static override styles = [
    tokens,
    controls,
    css`
      dialog {
        border: 0;
        border-radius: 1rem;
        padding: 1.5rem 1.6rem 1.2rem;
        width: min(30rem, 92vw);
        box-shadow: 0 1.5rem 4rem rgba(8, 30, 60, 0.35);
        color: var(--qms-ink);
      }
      dialog::backdrop {
        background: rgba(10, 25, 50, 0.55);
      }
      p {
        margin: 0 0 1.3rem;
        font-size: 1.08rem;
        line-height: 1.5;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 0.6rem;
      }
      button.danger-fill {
        background: var(--qms-danger);
        border-color: var(--qms-danger);
        color: #fff;
      }
    `,
  ]

  async ask(message: string, action: string, cancelLabel: string): Promise<boolean> {
    this.resolve?.(false)
    this.message = message
    this.action = action
    this.cancelLabel = cancelLabel
    await this.updateComplete
    this.dialog.showModal()
    return new Promise((resolve) => (this.resolve = resolve))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.finish(false)
  }

  private finish(ok: boolean): void {
    if (this.dialog?.open) this.dialog.close()
    this.resolve?.(ok)
    this.resolve = null
  }

  override render() {
    return html`<dialog @cancel=${() => this.finish(false)} role="alertdialog">
      <p>${this.message}</p>
      <div class="actions">
        <button @click=${() => this.finish(false)}>${this.cancelLabel}</button>
        <button class="danger-fill" data-confirm @click=${() => this.finish(true)}>${this.action}</button>
      </div>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-confirm': QmsAdminConfirm
  }
}
