/**
 * A kiosk or display is paired once: it shows a short code that an administrator confirms (see
 * pairing-controller.ts), or an administrator opens `/kiosk/#token=…` on it. The token is kept in
 * localStorage and removed from the address bar, so it survives restarts unattended.
 */
import type { DeviceView, SiteView } from '../types.js'
import { api, ApiError } from './api.js'

const KEY = 'qms.deviceToken'

export function deviceToken(): string | null {
  const match = /[#&]token=([A-Za-z0-9_-]+)/.exec(location.hash)
  if (match?.[1]) {
    localStorage.setItem(KEY, match[1])
    history.replaceState(null, '', location.pathname + location.search)
    return match[1]
  }
  return localStorage.getItem(KEY)
}

/** Keeps a token the device received by pairing with a code. */
export function storeDeviceToken(token: string): void {
  localStorage.setItem(KEY, token)
}

/** What a device learns about itself from `GET /api/device/me`. */
export interface DeviceMe {
  device: DeviceView
  site: SiteView | null
}

export function fetchDeviceMe(token: string, timeoutMs = 8_000): Promise<DeviceMe> {
  return api<DeviceMe>('/api/device/me', { deviceToken: token, timeoutMs })
}

/** True when the server refused the device (unpaired, revoked, wrong kind), not a network failure. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403)
}
