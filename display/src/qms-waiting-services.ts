/** How many citizens wait for each service: one tile per service along the bottom of the board. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { DisplayLanguage, WaitingRow } from './board.js'
import { t } from './messages.js'

/** Tiles a row holds on a landscape screen before a second row is started. */
const MAX_TILES_PER_ROW = 6

/** Rows of tiles on a landscape screen: one up to six services, then two, then three. */
export function waitingStripRows(services: number): number {
  return Math.max(1, Math.ceil(services / MAX_TILES_PER_ROW))
}

@customElement('qms-waiting-services')
export class QmsWaitingServices extends LitElement {
  @property({ attribute: false }) rows: WaitingRow[] = []
  @property({ attribute: false }) languages: DisplayLanguage[] = ['vi']

  /**
   * In landscape, up to six tiles share one row; more take two or three rows (row by row, in the
   * services' order), so long names such as "Lao động – Thương binh và Xã hội" keep room to be read.
   */
  protected override willUpdate(): void {
    const rows = waitingStripRows(this.rows.length)
    this.style.setProperty('--columns', String(Math.ceil(this.rows.length / rows)))
    this.toggleAttribute('dense', rows > 1)
  }

  override render() {
    const en = this.languages.includes('en')
    return html`
      <div class="title">
        <span>${t('vi', 'waiting')}</span>${en ? html`<span class="en">${t('en', 'waiting')}</span>` : ''}
      </div>
      <ul>
        ${this.rows.map(
          (r) => html`<li data-testid="waiting" data-service=${r.code}>
            <div class="name">
              <span class="vi">${r.nameVi}</span>${en ? html`<span class="name-en">${r.nameEn}</span>` : ''}
            </div>
            <div class="count ${r.waiting === 0 ? 'zero' : ''}">${r.waiting}</div>
          </li>`,
        )}
      </ul>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      align-items: stretch;
      gap: 0.8rem;
      min-width: 0;
    }
    .title {
      display: flex;
      flex-direction: column;
      justify-content: center;
      padding: 0 0.6rem;
      font-size: 1.5rem;
      font-weight: 700;
      line-height: 1.3;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
      white-space: nowrap;
    }
    .en {
      font-size: 0.8em;
      font-weight: 400;
      text-transform: none;
      letter-spacing: 0;
    }
    ul {
      flex: 1;
      display: grid;
      /* Columns share the row by what their names need: "Xây dựng 0" gives room to "Lao động – Thương binh và Xã hội". */
      grid-template-columns: repeat(var(--columns, 1), minmax(0, auto));
      gap: 0.6rem;
      margin: 0;
      padding: 0;
      list-style: none;
      min-width: 0;
    }
    li {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.6rem;
      min-width: 0;
      padding: 0.4rem 1rem;
      border-radius: 0.8rem;
      background: var(--panel);
      border: 0.1rem solid var(--line);
    }
    .name {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .vi,
    .name-en {
      font-size: 1.35rem;
      font-weight: 700;
      line-height: 1.35;
      /* Long names ("Đăng ký kinh doanh") take two lines rather than being cut. */
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      overflow: hidden;
    }
    .name-en {
      font-size: 1rem;
      font-weight: 400;
      color: var(--muted);
    }
    .count {
      font-size: 2.8rem;
      font-weight: 800;
      line-height: 1.2;
      font-variant-numeric: tabular-nums;
      color: var(--accent);
    }
    .count.zero {
      color: var(--muted);
    }
    :host([dense]) li {
      padding: 0.3rem 0.9rem;
    }
    :host([dense]) .count {
      font-size: 2.3rem;
    }
    @media (orientation: portrait) {
      :host {
        flex-direction: column;
      }
      .title {
        flex-direction: row;
        gap: 0.8rem;
        align-items: baseline;
      }
      ul {
        grid-template-columns: repeat(3, minmax(0, 1fr));
      }
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-waiting-services': QmsWaitingServices
  }
}
