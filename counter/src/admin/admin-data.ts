/**
 * What an administration screen shows, loaded when the screen connects, and the notice above it:
 * every action reloads the list on success and turns a refusal into words on failure, so a screen
 * only says what to call and what to tell.
 */
import type { ReactiveController } from 'lit'
import type { AdminScreen } from './admin-screen.js'

export interface Notice {
  kind: 'ok' | 'error' | 'info'
  text: string
}

export class AdminData<T> implements ReactiveController {
  private loaded: T | null = null
  private shown: Notice | null = null

  constructor(
    private readonly host: AdminScreen,
    /** Fetches what the screen shows; a screen with nothing to list has none. */
    private readonly fetch?: () => Promise<T>,
  ) {
    host.addController(this)
  }

  /** Null until the first load has answered. */
  get data(): T | null {
    return this.loaded
  }

  /** For news that arrives by other ways than a load (e.g. live status over the socket). */
  set data(data: T | null) {
    this.loaded = data
    this.host.requestUpdate()
  }

  get notice(): Notice | null {
    return this.shown
  }

  set notice(notice: Notice | null) {
    this.shown = notice
    this.host.requestUpdate()
  }

  hostConnected(): void {
    void this.load()
  }

  async load(): Promise<void> {
    if (!this.fetch) return
    try {
      this.loaded = await this.fetch()
      this.host.requestUpdate()
    } catch (err) {
      this.fail(err)
    }
  }

  fail(err: unknown): void {
    this.notice = { kind: 'error', text: this.host.refusalOf(err) }
  }

  /** After a change: says so and loads the list again. */
  async reloadWith(notice: Notice): Promise<void> {
    this.notice = notice
    await this.load()
  }

  /** Runs an action; what it returns becomes the notice, then the list is loaded again. */
  async act(run: () => Promise<Notice | void>): Promise<void> {
    try {
      const notice = await run()
      if (notice) this.notice = notice
      await this.load()
    } catch (err) {
      this.fail(err)
    }
  }
}
