/**
 * Drives every JSON endpoint once or more on the demo data, as the screens use them, and records
 * for each answer both what the handler gave the serializer and what went over the wire. A
 * response schema that lacks a field drops it silently (fast-json-stringify writes only what the
 * schema declares) and one that says `integer` where the value is fractional rounds it: comparing
 * the two catches both.
 */
import { build, counterId, issue, login, serviceId, type Built, type Tap } from '../helpers/build.js'
import { startFakePrinter } from '../helpers/fake-printer.js'

export interface Call {
  label: string
  method: string
  url: string
  /** The route's pattern, `/api/counters/:id/open`. */
  route: string
  status: number
  /** The handler's answer as JSON would write it in full. */
  sent: unknown
  /** The answer as the client received it. */
  received: unknown
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export async function exercise(t: Tap): Promise<{ built: Built; calls: Call[] }> {
  let last: { sent: unknown; route: string } | undefined
  const captured = (): { sent: unknown; route: string } | undefined => last
  const built = await build(t, {
    env: { DEMO_HISTORY_DAYS: '3' },
    before: (app) => {
      app.addHook('preSerialization', async (request, _reply, payload) => {
        last = { sent: JSON.parse(JSON.stringify(payload)) as unknown, route: request.routeOptions.url ?? '' }
        return payload
      })
    },
  })
  const { app } = built
  const calls: Call[] = []
  async function call(label: string, method: Method, url: string, headers: Record<string, string> = {}, payload?: unknown) {
    last = undefined
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
    const json = (res.headers['content-type'] ?? '').toString().startsWith('application/json')
    const received: unknown = json && res.body ? JSON.parse(res.body) : undefined
    if (res.statusCode < 300 && json)
      calls.push({ label, method, url, route: captured()?.route ?? '', status: res.statusCode, sent: captured()?.sent, received })
    if (res.statusCode >= 300) throw new Error(`${label}: ${method} ${url} answered ${res.statusCode} ${res.body}`)
    return received as any // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  const admin = await login(app, 'admin')
  const h = admin.headers
  await call('health', 'GET', '/api/health')
  await call('login', 'POST', '/api/auth/login', {}, { username: 'canbo1', password: 'mat-khau-thu-nghiem' })
  const staff = await login(app, 'canbo1')
  await call('me', 'GET', '/api/auth/me', staff.headers)

  // Devices: registered by hand, paired by code, seen by themselves.
  const kiosk = await call('register kiosk', 'POST', '/api/admin/devices', h, {
    kind: 'kiosk',
    name: 'Ki-ốt sảnh chính – tầng 1',
    config: { printer: { kind: 'browser', paperWidth: 80 } },
  })
  const kioskDevice = { id: kiosk.device.id as number, token: kiosk.token as string, headers: { authorization: `Bearer ${kiosk.token as string}` } }
  const display = await call('register display', 'POST', '/api/admin/devices', h, {
    kind: 'display',
    name: 'Màn hình chờ',
    config: { languages: ['vi', 'en'], theme: 'light', counterIds: [await counterId(app, 1)] },
  })
  await call('patch device', 'PATCH', `/api/admin/devices/${display.device.id as number}`, h, {
    config: { printer: { kind: 'network', url: 'tcp://127.0.0.1:9', paperWidth: 58 } },
  })
  await call('rotate device token', 'POST', `/api/admin/devices/${display.device.id as number}/rotate-token`, h)
  await call('revoke device', 'POST', `/api/admin/devices/${display.device.id as number}/revoke`, h)
  await call('devices', 'GET', '/api/admin/devices', h)
  await call('device me', 'GET', '/api/device/me', kioskDevice.headers)
  const pending = await call('pairing ask', 'POST', '/api/pairing', {}, { kind: 'display' })
  await call('pairing poll pending', 'POST', `/api/pairing/${pending.id as string}/poll`, {}, { secret: pending.secret })
  await call('pairing lookup', 'GET', `/api/admin/pairing/${pending.code as string}`, h)
  await call('pairing confirm', 'POST', `/api/admin/pairing/${pending.code as string}/confirm`, h, { name: 'Màn hình tầng 2' })
  await call('pairing poll paired', 'POST', `/api/pairing/${pending.id as string}/poll`, {}, { secret: pending.secret })

  // The queue: issue, call, serve, transfer, absent, return, cancel.
  const dd = await serviceId(app, 'DD')
  const ht = await serviceId(app, 'HT')
  const issued: { ticket: { id: number }; trackingUrl: string }[] = []
  for (let i = 0; i < 6; i++) {
    const res = await issue(app, kioskDevice, { serviceId: i % 2 ? ht : dd, priorityGroupId: i === 3 ? 1 : null }, `exercise-${i}`)
    if (res.statusCode !== 201) throw new Error(`issue: ${res.statusCode} ${res.body}`)
    issued.push(res.json())
  }
  await call(
    'issue replay',
    'POST',
    '/api/kiosk/tickets',
    { ...kioskDevice.headers, 'idempotency-key': 'exercise-0' },
    { serviceId: dd, priorityGroupId: null },
  )
  const ddProcedure = (await app.store.read((r) => r.procedures.all(1))).find((p) => p.serviceId === dd)!.id
  await call('issue', 'POST', '/api/kiosk/tickets', { ...kioskDevice.headers, 'idempotency-key': 'exercise-new' }, { serviceId: dd, procedureId: ddProcedure })
  await call('availability', 'GET', '/api/queue/availability', kioskDevice.headers)
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  await call('counter open', 'POST', `/api/counters/${c1}/open`, staff.headers)
  await call('counter pause', 'POST', `/api/counters/${c1}/pause`, staff.headers, { reason: 'Nghỉ giải lao' })
  await call('counter resume', 'POST', `/api/counters/${c1}/resume`, staff.headers)
  await call('counter close', 'POST', `/api/counters/${c1}/close`, staff.headers)
  await call('counter open again', 'POST', `/api/counters/${c1}/open`, staff.headers)
  const first = await call('call next', 'POST', `/api/counters/${c1}/call-next`, staff.headers)
  await call('recall', 'POST', `/api/counters/${c1}/tickets/${first.id as number}/recall`, staff.headers)
  await call('start', 'POST', `/api/counters/${c1}/tickets/${first.id as number}/start`, staff.headers)
  await call('finish', 'POST', `/api/counters/${c1}/tickets/${first.id as number}/finish`, staff.headers, {
    outcomes: [
      { procedureId: ddProcedure, outcome: 'received', caseCode: '000.00.12.H12-261123-0001' },
      { procedureId: null, outcome: 'refused', reason: 'Thiếu bản chính' },
    ],
  })
  // The rating device at counter 1 records the citizen's answer.
  const ratingDevice = await call('register rating device', 'POST', '/api/admin/devices', h, {
    kind: 'rating',
    name: 'Máy đánh giá quầy 1',
    config: { counterId: c1 },
  })
  await call('rating device me', 'GET', '/api/device/me', { authorization: `Bearer ${ratingDevice.token as string}` })
  await call(
    'rate from device',
    'POST',
    '/api/rating-device/ratings',
    { authorization: `Bearer ${ratingDevice.token as string}` },
    {
      ticketId: first.id as number,
      score: 2,
      reasons: ['Thời gian chờ lâu'],
    },
  )
  const second = await call('call next again', 'POST', `/api/counters/${c1}/call-next`, staff.headers)
  await call('counter transfer', 'POST', `/api/counters/${c1}/tickets/${second.id as number}/transfer`, staff.headers, {
    toCounterId: c2,
    note: 'Hồ sơ cần quầy 2',
  })
  const waiting = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })
    const tickets = res.json().tickets as { id: number; status: string; serviceId: number; targetCounterId: number | null }[]
    return tickets.filter((x) => x.status === 'waiting' && x.targetCounterId === null)
  }
  const third = await call('call specific', 'POST', `/api/counters/${c1}/call`, staff.headers, { ticketId: (await waiting())[0]!.id })
  await call('no-show', 'POST', `/api/counters/${c1}/tickets/${third.id as number}/no-show`, staff.headers)
  await call('no-shows', 'GET', '/api/tickets/no-shows', staff.headers)
  await call('return', 'POST', `/api/tickets/${third.id as number}/return`, staff.headers)
  await call('ticket', 'GET', `/api/tickets/${third.id as number}`, staff.headers)
  const [toMove, toCancel] = await waiting()
  await call('ticket transfer', 'POST', `/api/tickets/${toMove!.id}/transfer`, staff.headers, { toServiceId: toMove!.serviceId === ht ? dd : ht })
  await call('cancel', 'POST', `/api/tickets/${toCancel!.id}/cancel`, staff.headers)
  const serving = await call('call next to serve', 'POST', `/api/counters/${c1}/call-next`, staff.headers)
  await call('start serving', 'POST', `/api/counters/${c1}/tickets/${serving.id as number}/start`, staff.headers)
  await call('set aside', 'POST', `/api/counters/${c1}/tickets/${serving.id as number}/set-aside`, staff.headers)
  await call('resume', 'POST', `/api/counters/${c1}/tickets/${serving.id as number}/resume`, staff.headers)
  for (const ticket of issued.slice(0, 4)) {
    const path = new URL(ticket.trackingUrl).pathname
    await call('progress vi', 'GET', `${path}/progress`)
    await call('progress en', 'GET', `${path}/progress?lang=en`)
  }
  await call('snapshot (staff)', 'GET', '/api/queue/snapshot', staff.headers)
  await call('snapshot (kiosk)', 'GET', '/api/queue/snapshot', kioskDevice.headers)
  const staff2 = await login(app, 'canbo2')
  await call('counter open (second)', 'POST', `/api/counters/${c2}/open`, staff2.headers)
  await call('counter release', 'POST', `/api/counters/${c2}/release`, h, { reason: 'Cán bộ đi họp' })

  // Paper tickets again: a kiosk with a network printer, reprinted by id and by number.
  const printer = await startFakePrinter()
  t.teardown(() => printer.close())
  const printing = await call('register printing kiosk', 'POST', '/api/admin/devices', h, {
    kind: 'kiosk',
    name: 'Ki-ốt in mạng',
    config: { printer: { kind: 'network', url: printer.url, paperWidth: 80 } },
  })
  const printed = await call(
    'issue and print',
    'POST',
    '/api/kiosk/tickets',
    { authorization: `Bearer ${printing.token as string}`, 'idempotency-key': 'exercise-print' },
    { serviceId: ht },
  )
  await call('reprint', 'POST', `/api/tickets/${printed.ticket.id as number}/reprint`, staff.headers, {})
  await call('reprint by number', 'POST', '/api/tickets/reprint-number', staff.headers, { number: printed.ticket.number })

  // Administration.
  await call('services', 'GET', '/api/admin/services', h)
  const service = await call('create service', 'POST', '/api/admin/services', h, {
    code: 'BHXH',
    nameVi: 'Bảo hiểm xã hội',
    nameEn: 'Social insurance',
    numbering: 'prefix',
    prefix: 'B',
    hours: { days: [1, 2, 3, 4, 5], periods: [{ from: '07:30', to: '11:30' }] },
    dailyCap: 120,
  })
  await call('patch service', 'PATCH', `/api/admin/services/${service.service.id as number}`, h, { nameEn: 'Social insurance (VSS)', hours: null })
  await call('delete service', 'DELETE', `/api/admin/services/${service.service.id as number}`, h)
  await call('delete used service', 'DELETE', `/api/admin/services/${dd}`, h)
  await call('counters', 'GET', '/api/admin/counters', h)
  const counter = await call('create counter', 'POST', '/api/admin/counters', h, { number: 42, name: 'Quầy hướng dẫn', serviceIds: [dd, ht] })
  await call('patch counter', 'PATCH', `/api/admin/counters/${counter.counter.id as number}`, h, { strategy: 'longest_wait' })
  await call('delete counter', 'DELETE', `/api/admin/counters/${counter.counter.id as number}`, h)
  await call('groups', 'GET', '/api/admin/priority-groups', h)
  const group = await call('create group', 'POST', '/api/admin/priority-groups', h, { code: 'TE', nameVi: 'Trẻ em dưới 6 tuổi', nameEn: 'Children under 6' })
  await call('patch group', 'PATCH', `/api/admin/priority-groups/${group.group.id as number}`, h, { sortOrder: 9 })
  await call('delete group', 'DELETE', `/api/admin/priority-groups/${group.group.id as number}`, h)
  await call('delete used group', 'DELETE', '/api/admin/priority-groups/1', h)
  await call('procedures', 'GET', '/api/admin/procedures', h)
  const procedure = await call('create procedure', 'POST', '/api/admin/procedures', h, {
    serviceId: ht,
    code: 'HT-099',
    nameVi: 'Đăng ký giám hộ',
    papers: ['Tờ khai đăng ký giám hộ', 'Văn bản cử người giám hộ'],
  })
  await call('patch procedure', 'PATCH', `/api/admin/procedures/${procedure.procedure.id as number}`, h, { sortOrder: 3 })
  await call('delete procedure', 'DELETE', `/api/admin/procedures/${procedure.procedure.id as number}`, h)
  await call('delete used procedure', 'DELETE', `/api/admin/procedures/${ddProcedure}`, h)
  const csv = 'HT,HT-098,Đăng ký nuôi con nuôi,Tờ khai;Giấy khám sức khỏe\nXX,,,\n'
  await call('procedure import preview', 'POST', '/api/admin/procedures/import', h, { csv, commit: false })
  await call('procedure import', 'POST', '/api/admin/procedures/import', h, { csv: 'HT,HT-098,Đăng ký nuôi con nuôi,Tờ khai', commit: true })
  await call('site', 'GET', '/api/admin/site', h)
  await call('patch site', 'PATCH', '/api/admin/site', h, { displayNotice: 'Xin giữ trật tự', closedDays: [{ day: '2026-12-31', name: 'Tất niên' }] })
  await call('patch site rating', 'PATCH', '/api/admin/site', h, { ratingScale: 4, ratingReasons: [{ vi: 'Thời gian chờ lâu', en: 'Long wait' }] })
  await call('users', 'GET', '/api/admin/users', h)
  const user = await call('create user', 'POST', '/api/admin/users', h, {
    username: 'canbo9',
    displayName: 'Nguyễn Văn Chín',
    role: 'staff',
    password: 'mat-khau-moi-123',
  })
  await call('patch user', 'PATCH', `/api/admin/users/${user.user.id as number}`, h, { role: 'manager' })
  await call('user password', 'POST', `/api/admin/users/${user.user.id as number}/password`, h, { password: 'mat-khau-moi-456' })
  await call('audit', 'GET', '/api/admin/audit?limit=200', h)
  const today = new Date(app.clock() + 7 * 3_600_000).toISOString().slice(0, 10)
  const weekAgo = new Date(app.clock() + 7 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10)
  await call('report', 'GET', `/api/reports/summary?from=${weekAgo}&to=${today}`, h)
  await call('report outcomes', 'GET', `/api/reports/outcomes?from=${weekAgo}&to=${today}`, h)
  await call('report filtered', 'GET', `/api/reports/summary?from=${weekAgo}&to=${today}&serviceId=${dd}`, h)
  await call('public centre', 'GET', '/api/public/sites/1')
  await call('public province', 'GET', '/api/public/sites')
  // The province: a centre opened from the catalogue, its people, the side-by-side report, a switch there.
  await call('province sites', 'GET', '/api/province/sites', h)
  const centre = await call('open centre', 'POST', '/api/province/sites', h, {
    name: 'Trung tâm Phục vụ hành chính công xã Phú Lộc',
    code: 'XA-PHULOC',
    catalogue: ['HT', 'CT'],
    hours: { days: [1, 2, 3, 4, 5], periods: [{ from: '07:30', to: '11:30' }] },
  })
  const centreId = centre.site.id as number
  await call('patch centre', 'PATCH', `/api/province/sites/${centreId}`, h, { address: 'Thôn Phú Lộc', languages: ['vi'] })
  await call('province centre', 'GET', `/api/province/sites/${centreId}`, h)
  const officer = await call('province user', 'POST', '/api/province/users', h, {
    siteId: centreId,
    username: 'phuloc.canbo1',
    displayName: 'Lê Thị Thu Hằng',
    role: 'staff',
    password: 'mat-khau-moi-123',
  })
  await call('patch province user', 'PATCH', `/api/province/users/${officer.user.id as number}`, h, { role: 'manager' })
  await call('assign', 'PUT', `/api/province/users/${officer.user.id as number}/assignments`, h, { assignments: [{ siteId: 1, role: 'staff' }] })
  await call('province users', 'GET', '/api/province/users', h)
  await call('province report', 'GET', `/api/province/report?from=${weekAgo}&to=${today}`, h)
  await call('province report by field', 'GET', `/api/province/report?from=${weekAgo}&to=${today}&service=HT`, h)
  await call('switch centre', 'POST', '/api/auth/site', h, { siteId: centreId })
  await call('switch back', 'POST', '/api/auth/site', h, { siteId: 1 })
  await call('close day', 'POST', '/api/queue/close-day', h)
  return { built, calls }
}

/** Routes the exercise reaches with a JSON answer, as `METHOD /route/:pattern`. */
export function reached(calls: Call[]): Set<string> {
  return new Set(calls.map((c) => `${c.method} ${c.route}`))
}
