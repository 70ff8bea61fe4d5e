/**
 * First start: a site, the default priority groups and an administrator; with demo data on,
 * the services, counters, staff and devices of a typical district centre (see DOMAIN.md).
 */
import { randomBytes } from 'node:crypto'
import type { Store } from './store.js'
import { hashPassword, hashToken, newToken } from '../auth/passwords.js'
import type { ClosedDay, OpeningHours } from '../../../shared/types.js'
import { defaultCounterName } from '../../../shared/constants.js'
import { DEFAULT_PRIORITY_GROUPS } from '../../../shared/catalogue.js'
import { setupFromCatalogue } from '../domain/admin/centres.js'
import { DEMO_PROCEDURES } from './demo-procedures.js'

export { DEFAULT_PRIORITY_GROUPS }
import type { Repositories } from './store.js'

/** Tuesday and Thursday mornings only: shows a service closed by its hours on the kiosk. */
const CONSTRUCTION_HOURS: OpeningHours = { days: [2, 4], periods: [{ from: '07:30', to: '11:15' }] }

export const DEMO_SERVICES = [
  { code: 'DD', nameVi: 'Đất đai', nameEn: 'Land', numbering: 'block', blockStart: 1001, blockEnd: 1999, target: 20, minutes: 15 },
  { code: 'HT', nameVi: 'Hộ tịch', nameEn: 'Civil status registration', numbering: 'block', blockStart: 2001, blockEnd: 2999, target: 15, minutes: 7 },
  {
    code: 'CT',
    nameVi: 'Chứng thực',
    nameEn: 'Certification of copies and signatures',
    numbering: 'block',
    blockStart: 3001,
    blockEnd: 3999,
    target: 10,
    minutes: 4,
  },
  { code: 'KD', nameVi: 'Đăng ký kinh doanh', nameEn: 'Business registration', numbering: 'block', blockStart: 4001, blockEnd: 4999, target: 20, minutes: 14 },
  { code: 'XD', nameVi: 'Xây dựng', nameEn: 'Construction permits', numbering: 'prefix', prefix: 'X', target: 20, minutes: 15, hours: CONSTRUCTION_HOURS },
  { code: 'TKQ', nameVi: 'Trả kết quả', nameEn: 'Return of results', numbering: 'prefix', prefix: 'T', target: 10, minutes: 3 },
] as const

/** Counter number → service codes in the order the counter serves them. */
export const DEMO_COUNTERS: [number, string[]][] = [
  [1, ['DD']],
  [2, ['DD', 'XD']],
  [3, ['HT', 'CT']],
  [4, ['CT', 'HT']],
  [5, ['KD']],
  [6, ['TKQ', 'CT']],
]

export const DEMO_STAFF = [
  { username: 'canbo1', displayName: 'Nguyễn Thị Lan' },
  { username: 'canbo2', displayName: 'Trần Văn Hùng' },
  { username: 'canbo3', displayName: 'Lê Thị Mai' },
  { username: 'canbo4', displayName: 'Phạm Minh Tuấn' },
  { username: 'canbo5', displayName: 'Hoàng Thị Hoa' },
  { username: 'canbo6', displayName: 'Võ Quốc Bảo' },
]

/**
 * The demo province's commune centres (DOMAIN.md: a commune has 2–5 counters, often one serving
 * several fields), each with its own administrator and staff, who log in as `<prefix>.admin`,
 * `<prefix>.canbo1` … with the same password as the rest of the demo.
 */
export const DEMO_COMMUNES = [
  {
    name: 'Trung tâm Phục vụ hành chính công xã Phú Lộc',
    nameEn: 'Phu Loc Commune Public Administrative Service Centre',
    code: 'XA-PHULOC',
    address: 'Thôn Phú Lộc, xã Phú Lộc',
    prefix: 'phuloc',
    counters: [['HT', 'CT'], ['DD'], ['TKQ', 'CT']],
    staff: ['Nguyễn Văn Thành', 'Lê Thị Thu Hằng', 'Trần Quốc Khánh'],
  },
  {
    name: 'Trung tâm Phục vụ hành chính công xã Thạnh Mỹ Tây',
    nameEn: 'Thanh My Tay Commune Public Administrative Service Centre',
    code: 'XA-THANHMYTAY',
    address: 'Ấp 3, xã Thạnh Mỹ Tây',
    prefix: 'thanhmytay',
    counters: [
      ['HT', 'CT', 'LD'],
      ['DD', 'TKQ'],
    ],
    staff: ['Huỳnh Thị Ngọc Bích', 'Phan Thanh Phong'],
  },
] as const

/** The province's usual hours: Monday to Friday, 07:30–11:30 and 13:30–17:00 (DOMAIN.md). */
const WEEKDAY_HOURS: OpeningHours = {
  days: [1, 2, 3, 4, 5],
  periods: [
    { from: '07:30', to: '11:30' },
    { from: '13:30', to: '17:00' },
  ],
}

export interface SeedOptions {
  now: number
  demo: boolean
  adminPassword?: string | undefined
  /** With demo data: how many of the demo's commune centres to add beside the provincial one (default none). */
  communes?: number
}

export interface SeedResult {
  siteId: number
  /** The demo's commune centres, for their history. */
  communeIds: number[]
  /** Set when no password was configured: print it once. */
  generatedPassword: string | null
  /** Demo device tokens, only returned at first start. */
  deviceTokens: { kiosk: string; display: string } | null
}

/**
 * The public holidays on fixed solar dates, this year and next, as demo closed days. Tết Nguyên
 * Đán and Giỗ Tổ Hùng Vương follow the lunar calendar: the administrator adds them each year.
 */
function fixedHolidays(year: number): ClosedDay[] {
  return [year, year + 1].flatMap((y) => [
    { day: `${y}-01-01`, name: 'Tết Dương lịch' },
    { day: `${y}-04-30`, name: 'Ngày Giải phóng miền Nam' },
    { day: `${y}-05-01`, name: 'Ngày Quốc tế Lao động' },
    { day: `${y}-09-02`, name: 'Quốc khánh' },
  ])
}

export async function seedIfEmpty(store: Store, opts: SeedOptions): Promise<SeedResult | null> {
  if ((await store.read((r) => r.sites.all())).length > 0) return null
  const password = opts.adminPassword ?? randomBytes(9).toString('base64url')
  const passwordHash = await hashPassword(password)
  return store.write(async (tx) => {
    // Several processes may start on one new database together: one seeds, the others find its site.
    await tx.sites.lockSetup()
    if ((await tx.sites.all()).length > 0) return null
    const now = opts.now
    const site = await tx.sites.insert({
      name: 'Trung tâm Phục vụ hành chính công',
      nameEn: 'Public Administrative Service Centre',
      code: 'TINH',
      ticketFooter: 'Vui lòng giữ phiếu và chú ý màn hình, loa gọi số. Xin cảm ơn!',
      displayNotice: opts.demo
        ? 'Trung tâm làm việc từ thứ Hai đến thứ Sáu: sáng 7:30 – 11:30, chiều 13:30 – 17:00. Công dân vui lòng giữ trật tự và chờ đến lượt.'
        : '',
      closedDays: opts.demo ? fixedHolidays(new Date(now).getUTCFullYear()) : [],
      createdAt: now,
    })
    for (const [i, g] of DEFAULT_PRIORITY_GROUPS.entries()) {
      await tx.priorityGroups.insert({ ...g, siteId: site.id, sortOrder: i, active: true })
    }
    // Whoever installs the system administers it: its first centre and any the province adds.
    await tx.users.insert({
      siteId: site.id,
      username: 'admin',
      displayName: 'Quản trị viên',
      passwordHash,
      role: 'admin',
      provinceRole: 'admin',
      createdAt: now,
    })
    if (!opts.demo) return { siteId: site.id, communeIds: [], generatedPassword: opts.adminPassword ? null : password, deviceTokens: null }

    const serviceIds = new Map<string, number>()
    for (const [i, s] of DEMO_SERVICES.entries()) {
      const row = await tx.services.insert({
        siteId: site.id,
        code: s.code,
        nameVi: s.nameVi,
        nameEn: s.nameEn,
        numbering: s.numbering,
        prefix: 'prefix' in s ? s.prefix : '',
        blockStart: 'blockStart' in s ? s.blockStart : 1,
        blockEnd: 'blockEnd' in s ? s.blockEnd : 999,
        digits: 3,
        dailyCap: null,
        hours: 'hours' in s ? s.hours : null,
        targetWaitMinutes: s.target,
        defaultServiceMinutes: s.minutes,
        active: true,
        sortOrder: i,
      })
      serviceIds.set(s.code, row.id)
    }
    for (const [i, p] of DEMO_PROCEDURES.entries()) {
      const serviceId = serviceIds.get(p.field)
      if (serviceId === undefined) continue
      await tx.procedures.insert({ siteId: site.id, serviceId, code: p.code, nameVi: p.nameVi, nameEn: p.nameEn, papers: p.papers, active: true, sortOrder: i })
    }
    // Demo staff share the administrator's password, printed once at first start.
    for (const s of DEMO_STAFF) {
      await tx.users.insert({ siteId: site.id, username: s.username, displayName: s.displayName, passwordHash, role: 'staff', createdAt: now })
    }
    await tx.users.insert({ siteId: site.id, username: 'lanhdao', displayName: 'Đỗ Văn Minh', passwordHash, role: 'manager', createdAt: now })
    for (const [number, codes] of DEMO_COUNTERS) {
      const counter = await tx.counters.insert({ siteId: site.id, number, name: defaultCounterName(number), updatedAt: now })
      await tx.counters.setServices(
        counter.id,
        codes.map((code) => serviceIds.get(code) ?? 0),
      )
    }
    const kiosk = newToken()
    const display = newToken()
    await tx.devices.insert({
      siteId: site.id,
      kind: 'kiosk',
      name: 'Máy lấy số sảnh chính',
      tokenHash: hashToken(kiosk),
      config: { printer: { kind: 'browser', paperWidth: 80 } },
      createdAt: now,
    })
    await tx.devices.insert({
      siteId: site.id,
      kind: 'display',
      name: 'Màn hình phòng chờ',
      tokenHash: hashToken(display),
      config: { languages: ['vi'], theme: 'dark' },
      createdAt: now,
    })
    // The communes after the provincial centre is whole: its counters and devices keep the first ids.
    const communeIds: number[] = []
    for (const commune of DEMO_COMMUNES.slice(0, opts.communes ?? 0)) {
      communeIds.push(await seedCommune(tx, commune, site, passwordHash, now))
    }
    if (communeIds.length > 0) {
      await tx.users.insert({
        siteId: site.id,
        username: 'lanhdaotinh',
        displayName: 'Ngô Thị Phương Thảo',
        passwordHash,
        role: 'manager',
        provinceRole: 'manager',
        createdAt: now,
      })
      // Rotation: a provincial officer also sits at the first commune's desk one day a week.
      const rotating = await tx.users.byUsername(DEMO_STAFF[2]!.username)
      if (rotating) await tx.users.setAssignments(rotating.id, [{ siteId: communeIds[0]!, role: 'staff' }])
    }
    return { siteId: site.id, communeIds, generatedPassword: opts.adminPassword ? null : password, deviceTokens: { kiosk, display } }
  })
}

/** A demo commune centre: fields from the catalogue, its counters, administrator and staff. */
async function seedCommune(
  tx: Repositories,
  commune: (typeof DEMO_COMMUNES)[number],
  province: { closedDays: ClosedDay[]; ticketFooter: string },
  passwordHash: string,
  now: number,
): Promise<number> {
  const site = await tx.sites.insert({
    name: commune.name,
    nameEn: commune.nameEn,
    code: commune.code,
    address: commune.address,
    hours: WEEKDAY_HOURS,
    languages: ['vi'],
    ticketFooter: province.ticketFooter,
    closedDays: province.closedDays,
    createdAt: now,
  })
  await setupFromCatalogue(
    tx,
    site.id,
    [...new Set(commune.counters.flat())],
    now,
    commune.counters.map((c) => [...c]),
  )
  await tx.users.insert({
    siteId: site.id,
    username: `${commune.prefix}.admin`,
    displayName: 'Quản trị trung tâm xã',
    passwordHash,
    role: 'admin',
    createdAt: now,
  })
  for (const [i, displayName] of commune.staff.entries()) {
    await tx.users.insert({ siteId: site.id, username: `${commune.prefix}.canbo${i + 1}`, displayName, passwordHash, role: 'staff', createdAt: now })
  }
  return site.id
}
