/**
 * JSON over HTTP for the three front ends. Errors come back as ApiError with the server's stable
 * code (or `network` / `timeout`), never as a thrown TypeError a screen cannot explain.
 */
import { CSRF_HEADER, IDEMPOTENCY_HEADER } from '../constants.js'
import type { ErrorDetails } from '../types.js'

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The refusal's specifics (ticket number, counter …) for the screen's own words. */
    readonly details: ErrorDetails = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  /** Kiosks and displays. */
  deviceToken?: string | null
  /** Staff: the CSRF token from login, sent on every change. */
  csrfToken?: string | null
  idempotencyKey?: string
  timeoutMs?: number
  signal?: AbortSignal
}

export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (opts.deviceToken) headers.authorization = `Bearer ${opts.deviceToken}`
  if (opts.csrfToken) headers[CSRF_HEADER] = opts.csrfToken
  if (opts.idempotencyKey) headers[IDEMPOTENCY_HEADER] = opts.idempotencyKey
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 10_000)
  const onAbort = () => controller.abort()
  opts.signal?.addEventListener('abort', onAbort)
  let response: Response
  try {
    response = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: controller.signal,
    })
  } catch {
    throw controller.signal.aborted ? new ApiError('timeout', 'The server did not answer in time', 0) : new ApiError('network', 'Cannot reach the server', 0)
  } finally {
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onAbort)
  }
  if (response.status === 204) return undefined as T
  let data: unknown = null
  try {
    data = await response.json()
  } catch {
    // A proxy's HTML error page, or an empty body.
  }
  if (!response.ok) {
    const err = (data ?? {}) as { code?: string; message?: string; details?: ErrorDetails }
    throw new ApiError(err.code ?? 'internal_error', err.message ?? `HTTP ${response.status}`, response.status, err.details ?? {})
  }
  return data as T
}

/** A random key for one kiosk request; the same key is reused for its retries. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
