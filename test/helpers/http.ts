/** Plain HTTP over separate keep-alive connections, as separate PCs on a LAN would send it. */
import http from 'node:http'

export interface HttpClient {
  request(method: string, path: string, opts?: { headers?: Record<string, string>; body?: unknown }): Promise<{ status: number; body: any }> // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): void
}

export function httpClient(baseUrl: string): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const url = new URL(baseUrl)
  return {
    request(method, path, opts = {}) {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body)
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null })
            })
          },
        )
        req.on('error', reject)
        req.end(payload)
      })
    },
    close() {
      agent.destroy()
    },
  }
}
