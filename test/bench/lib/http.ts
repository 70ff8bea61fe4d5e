/**
 * A small keep-alive HTTP client for the load processes: one connection pool per simulated device,
 * JSON in and out, and a hard timeout so no request can hang the bench. Loopback only.
 */
import http from 'node:http'
import { now } from './clock.js'

export interface HttpResult {
  status: number
  body: unknown
  headers: http.IncomingHttpHeaders
  /** Round trip: request start to the last byte of the response. */
  ms: number
  /** When the request started, on the shared bench clock. */
  startedAt: number
}

export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
}

export class HttpClient {
  private readonly agent: http.Agent
  private readonly url: URL

  /** `maxSockets` 6: what a browser opens to one host. */
  constructor(base: string, maxSockets = 6) {
    this.url = new URL(base)
    if (this.url.hostname !== '127.0.0.1') throw new Error(`the bench talks to 127.0.0.1 only, not ${this.url.hostname}`)
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body)
    const headers: Record<string, string> = { ...opts.headers }
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    const startedAt = now()
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.url.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
            try {
              body = JSON.parse(text)
            } catch {
              body = text
            }
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers, ms: now() - startedAt, startedAt })
        })
        res.on('error', reject)
      })
      req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)))
      req.on('error', reject)
      if (payload !== undefined) req.write(payload)
      req.end()
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

/** The `code` of an error response, or the status when the body has none. */
export function errorCode(res: HttpResult): string {
  const body = res.body as { code?: unknown } | null
  return typeof body?.code === 'string' ? body.code : `http_${res.status}`
}
