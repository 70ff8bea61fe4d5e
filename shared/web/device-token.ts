/**
 * A kiosk or display is paired once: an administrator opens `/kiosk/#token=…` on it. The token is
 * kept in localStorage and removed from the address bar, so it survives restarts unattended.
 */
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

export function forgetDeviceToken(): void {
  localStorage.removeItem(KEY)
}
