/**
 * The server's log settings. Logs carry no secrets and no citizen data: session cookies, device
 * tokens and CSRF tokens are removed from request headers, and the tracking code of a ticket's
 * link (`/t/<id>/<code>`, whoever holds it can follow and rate that visit) is masked in every
 * logged URL.
 */
import type { FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'

const TRACKING_URL = /^(\/t\/[^/?#]+\/)[^/?#]+/

/** `/t/12/Ab3dE…/rating?lang=en` → `/t/12/***\/rating?lang=en`. */
export function maskUrl(url: string): string {
  return url.replace(TRACKING_URL, '$1***')
}

interface LoggedRequest {
  method: string
  url: string
  hostname?: string
  ip?: string
  socket?: { remotePort?: number }
}

export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'], remove: true },
    serializers: {
      req(request: LoggedRequest) {
        return { method: request.method, url: maskUrl(request.url), host: request.hostname, remoteAddress: request.ip, remotePort: request.socket?.remotePort }
      },
    },
  }
}
