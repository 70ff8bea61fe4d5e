/** Placeholder so the staff app builds; the real screens replace this file. */
import { LitElement, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { StaffSession } from '../session.js'

@customElement('qms-reports-app')
export class QmsReportsApp extends LitElement {
  @property({ attribute: false }) session: StaffSession | null = null
  @property() route = ''

  override render() {
    return html`<p>${this.route}</p>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-reports-app': QmsReportsApp
  }
}
