/**
 * Loads a report for the current query and keeps the answer, the error and whether a request is
 * under way. A newer query aborts the older request, so a slow answer never overwrites a fresh one.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { ApiError, api } from '../../../shared/web/api.js'
import type { ReportQuery, ReportSummary } from '../../../shared/reports.js'

/** The query as URL parameters, shared by the summary and the export links. */
export function queryString(q: ReportQuery): string {
  const p = new URLSearchParams({ from: q.from, to: q.to })
  for (const key of ['serviceId', 'counterId', 'staffId', 'priorityGroupId'] as const) {
    const v = q[key]
    if (v != null) p.set(key, String(v))
  }
  return p.toString()
}

export class ReportController implements ReactiveController {
  summary: ReportSummary | null = null
  error: ApiError | null = null
  loading = false
  #abort: AbortController | null = null

  constructor(private readonly host: ReactiveControllerHost & { dispatchEvent(e: Event): boolean }) {
    host.addController(this)
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort()
    this.#abort = null
  }

  async load(query: ReportQuery): Promise<void> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.loading = true
    this.error = null
    this.host.requestUpdate()
    try {
      // A year of a large centre takes a moment on an old server: allow more than the default.
      const summary = await api<ReportSummary>(`/api/reports/summary?${queryString(query)}`, { signal: abort.signal, timeoutMs: 30_000 })
      if (abort.signal.aborted) return
      this.summary = summary
    } catch (err) {
      if (abort.signal.aborted) return
      this.error = err instanceof ApiError ? err : new ApiError('internal_error', String(err), 0)
      if (this.error.status === 401) {
        this.host.dispatchEvent(new CustomEvent('qms-session-expired', { bubbles: true, composed: true }))
      }
    } finally {
      if (!abort.signal.aborted) {
        this.loading = false
        this.host.requestUpdate()
      }
    }
  }
}
