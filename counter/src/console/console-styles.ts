/** Layout of the counter console: the desk on the left, the queue on the right, sized for 1366×768 and up. */
import { css } from 'lit'

export const consoleStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    position: relative;
  }
  .banner {
    padding: 0.6rem 1.25rem;
    font-weight: 700;
    text-align: center;
  }
  .banner.offline {
    background: var(--qms-danger);
    color: #fff;
  }
  .loading {
    margin: 3rem auto;
    color: var(--qms-muted);
    font-size: 1.2rem;
  }
  /*
   * The desk is exactly the screen under the app bar (its height, not the flex growth, decides:
   * the shell grows with its content), so a long queue scrolls inside its panel.
   */
  .desk {
    flex: none;
    min-height: 0;
    display: grid;
    grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr);
    /* One row exactly as tall as the desk: a long queue scrolls inside its panel, not the page. */
    grid-template-rows: minmax(0, 1fr);
    gap: 1rem;
    padding: 1rem 1.25rem 1.1rem;
    box-sizing: border-box;
    height: calc(100vh - 3.4rem);
  }
  :host([offline]) .desk {
    height: calc(100vh - 3.4rem - 2.6rem);
  }
  .main {
    display: flex;
    flex-direction: column;
    gap: 0.9rem;
    min-height: 0;
  }
  .counter-bar {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .counter-bar h1 {
    margin: 0;
    font-size: 1.6rem;
    color: var(--qms-primary-dark);
    white-space: nowrap;
  }
  .counter-bar .counter-name {
    font-weight: 600;
    color: var(--qms-muted);
  }
  .status {
    font-size: 0.9rem;
    font-weight: 700;
    padding: 0.25rem 0.7rem;
    border-radius: 1rem;
  }
  .status.open {
    background: var(--qms-success-soft);
    color: var(--qms-success);
  }
  .status.paused {
    background: var(--qms-warning-soft);
    color: var(--qms-warning);
  }
  .spacer {
    flex: 1;
  }
  .counter-bar button {
    padding: 0.45rem 0.85rem;
    font-size: 0.95rem;
  }
  qms-current-ticket,
  .paused-panel {
    flex: 1;
    min-height: 0;
  }
  .paused-panel {
    background: var(--qms-warning-soft);
    border: 2px solid #f2c679;
    border-radius: 1rem;
    padding: 1.4rem 1.5rem;
    display: grid;
    gap: 0.9rem;
    justify-items: center;
    text-align: center;
    min-height: 11.5rem;
    box-sizing: border-box;
    align-content: center;
  }
  .paused-panel .title {
    font-size: 1.7rem;
    font-weight: 800;
    color: #7a4a00;
  }
  .paused-panel .reason {
    font-size: 1.3rem;
    font-weight: 600;
    color: #5c3a00;
    max-width: 90%;
    overflow-wrap: anywhere;
  }
  .paused-panel button {
    font-size: 1.25rem;
    padding: 0.8rem 1.6rem;
  }
  .actions {
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: 0.7rem;
  }
  .actions button {
    min-height: 4.6rem;
    font-size: 1.2rem;
    flex-direction: column;
    gap: 0.35rem;
    border-width: 2px;
  }
  .actions button.next {
    font-size: 1.35rem;
  }
  .actions .keys {
    display: flex;
    gap: 0.3rem;
  }
  .actions button.success {
    background: var(--qms-success);
    border-color: var(--qms-success);
  }
  .shortcut-hint {
    font-size: 0.85rem;
    color: var(--qms-muted);
  }
  .side {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--qms-card);
    border: 1px solid var(--qms-line);
    border-radius: 1rem;
    overflow: hidden;
  }
  .services {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding: 0.8rem 1rem 0.7rem;
    border-bottom: 1px solid var(--qms-line);
  }
  .services .caption {
    width: 100%;
    font-size: 0.8rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--qms-muted);
  }
  .service {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.35rem 0.4rem 0.35rem 0.8rem;
    border-radius: 2rem;
    background: #f1f5fa;
    font-weight: 600;
  }
  /* A long field name takes one line (the full name is in the tooltip): the queue keeps the room. */
  .service {
    max-width: 100%;
    box-sizing: border-box;
    min-width: 0;
  }
  .service .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .service .count {
    min-width: 1.9rem;
    text-align: center;
    padding: 0.1rem 0.5rem;
    border-radius: 1rem;
    background: var(--qms-primary);
    color: #fff;
    font-weight: 800;
  }
  .service .count.zero {
    background: #c5cedb;
  }
  .tabs {
    display: flex;
    border-bottom: 1px solid var(--qms-line);
  }
  .tabs button {
    flex: 1;
    border: 0;
    border-radius: 0;
    background: transparent;
    padding: 0.7rem;
    color: var(--qms-muted);
    border-bottom: 3px solid transparent;
  }
  .tabs button[aria-selected='true'] {
    color: var(--qms-primary-dark);
    border-bottom-color: var(--qms-primary);
  }
  .tabs .n {
    display: inline-block;
    min-width: 1.5rem;
    padding: 0 0.4rem;
    border-radius: 1rem;
    background: #e3e9f2;
    color: var(--qms-ink);
  }
  .aside-panel {
    border-bottom: 2px solid #f0c36d;
    background: #fff8e6;
    max-height: 40%;
    overflow: auto;
    flex: none;
  }
  .aside-panel.overdue {
    border-bottom-color: #c62828;
  }
  .aside-title {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    font-weight: 700;
    color: #8a5a00;
  }
  .aside-title .n {
    display: inline-block;
    min-width: 1.5rem;
    padding: 0 0.4rem;
    border-radius: 1rem;
    background: #f0c36d;
    color: var(--qms-ink);
    text-align: center;
  }
  .aside-alert {
    margin-left: auto;
    padding: 0.1rem 0.5rem;
    border-radius: 0.3rem;
    background: #c62828;
    color: #fff;
    font-size: 0.85rem;
  }
  .list {
    flex: 1;
    min-height: 0;
    overflow: auto;
  }
  /*
   * A notice never covers a button: at the desk it sits at the bottom of the current-ticket panel
   * (above the action buttons); on the counter picker, at the top centre under the app bar.
   */
  .stage {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .notice {
    position: fixed;
    left: 50%;
    top: 4.2rem;
    transform: translateX(-50%);
    max-width: min(46rem, 90vw);
    box-sizing: border-box;
    padding: 0.9rem 1.3rem;
    border-radius: 0.8rem;
    font-size: 1.15rem;
    font-weight: 700;
    box-shadow: 0 0.8rem 2rem rgba(10, 30, 60, 0.3);
    display: flex;
    align-items: center;
    gap: 1rem;
    z-index: 10;
  }
  .stage .notice {
    position: absolute;
    top: auto;
    bottom: 0.9rem;
    left: 0.9rem;
    right: 0.9rem;
    transform: none;
    max-width: none;
    justify-content: space-between;
  }
  .notice.error {
    background: var(--qms-danger);
    color: #fff;
  }
  .notice.info {
    background: #0f3b69;
    color: #fff;
  }
  .notice button {
    background: transparent;
    color: inherit;
    border-color: rgba(255, 255, 255, 0.5);
    padding: 0.2rem 0.6rem;
  }
`
