/**
 * A draft edited in a modal <dialog> of an administration screen: opening it, changing its fields,
 * and saving it with the refusal shown inside the form, so the citizen-facing data is only touched
 * once the server has accepted it.
 */
import type { ReactiveController } from 'lit'
import type { AdminScreen } from './admin-screen.js'

export class DraftDialog<D extends object> implements ReactiveController {
  private current: D | null = null
  private refusal = ''
  private busy = false

  constructor(
    private readonly host: AdminScreen,
    /** Finds the <dialog> in the screen, e.g. `dialog.edit` where a screen has several. */
    private readonly selector = 'dialog',
  ) {
    host.addController(this)
  }

  /** What is being edited; null while the dialog is closed. */
  get draft(): D | null {
    return this.current
  }

  /** Why the last save was refused, in words. */
  get error(): string {
    return this.refusal
  }

  get saving(): boolean {
    return this.busy
  }

  hostConnected(): void {}

  open(draft: D): void {
    this.current = draft
    this.refusal = ''
    this.host.requestUpdate()
    void this.host.updateComplete.then(() => this.dialog()?.showModal())
  }

  set<K extends keyof D>(key: K, value: D[K]): void {
    if (!this.current) return
    this.current = { ...this.current, [key]: value }
    this.host.requestUpdate()
  }

  close(): void {
    this.dialog()?.close()
    this.closed()
  }

  /** The dialog closed itself (Esc, or its close button): the draft is dropped. */
  closed(): void {
    this.current = null
    this.host.requestUpdate()
  }

  /**
   * The form's submit: `send` makes the request; once it is accepted the dialog closes and `done`
   * gets the answer. A refusal stays in the form, in words.
   */
  async submit<R>(event: Event, send: (draft: D, form: HTMLFormElement) => Promise<R>, done?: (answer: R) => Promise<void> | void): Promise<void> {
    event.preventDefault()
    const draft = this.current
    if (!draft || this.busy) return
    this.busy = true
    this.refusal = ''
    this.host.requestUpdate()
    try {
      const answer = await send(draft, event.target as HTMLFormElement)
      this.close()
      await done?.(answer)
    } catch (err) {
      this.refusal = this.host.refusalOf(err)
    } finally {
      this.busy = false
      this.host.requestUpdate()
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>(this.selector)
  }
}
