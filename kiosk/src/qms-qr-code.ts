/**
 * A QR code drawn as SVG in the browser, so the result screen and the browser print layout show
 * it at once, without another request to a server that may just have become unreachable. Uses
 * the `qrcode` package the server already prints with (about 10 KiB gzipped in the bundle).
 */
import { LitElement, css, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { qrPath } from '../../shared/web/qr-path.js'

@customElement('qms-qr-code')
export class QmsQrCode extends LitElement {
  /** The text to encode: the ticket's tracking URL. */
  @property() value = ''
  /** Accessible name of the image. */
  @property() label = ''

  override render() {
    if (!this.value) return null
    const { d, box } = qrPath(this.value)
    return svg`<svg viewBox="0 0 ${box} ${box}" role="img" aria-label=${this.label} shape-rendering="crispEdges">
      <rect width=${box} height=${box} fill="#fff" />
      <path d=${d} fill="#000" />
    </svg>`
  }

  static override styles = css`
    :host {
      display: inline-block;
      line-height: 0;
    }
    svg {
      width: 100%;
      height: 100%;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-qr-code': QmsQrCode
  }
}
