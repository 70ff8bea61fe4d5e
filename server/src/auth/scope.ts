/**
 * Where a login works and as what. An account has a home centre and its role there; a province
 * administrator or manager works at every centre as administrator or manager; a staff member on
 * rotation also works at the centres they are assigned to, with the role of that assignment. A
 * login works at one centre at a time (the session's centre, the home one until switched), and
 * every centre-level route sees only that centre: the effective account carries its id and role,
 * so `siteOf(request)` and the role guards need to know nothing else.
 */
import type { ProvinceRole, Role } from '../../../shared/constants.js'
import type { ResolvedSession, UserRow } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'

export interface Scope {
  /** The account as the centre it works at now sees it: `siteId` and `role` are that centre's. */
  user: UserRow
  homeSiteId: number
  provinceRole: ProvinceRole | null
}

const RANK: Record<Role, number> = { staff: 0, manager: 1, admin: 2 }

/** The role an account has at its home centre: a province role counts there too. */
function homeRole(user: UserRow): Role {
  return user.provinceRole && RANK[user.provinceRole] > RANK[user.role] ? user.provinceRole : user.role
}

export function scopeOf(session: Pick<ResolvedSession, 'user' | 'siteId' | 'assignedRole'>): Scope {
  const user = { ...session.user, role: homeRole(session.user) }
  const home = { user, homeSiteId: user.siteId, provinceRole: user.provinceRole }
  const at = session.siteId
  if (at === null || at === user.siteId) return home
  if (user.provinceRole) return { ...home, user: { ...user, siteId: at, role: user.provinceRole } }
  // An assignment taken away while logged in: back to the home centre.
  if (session.assignedRole) return { ...home, user: { ...user, siteId: at, role: session.assignedRole } }
  return home
}

/** A centre an account may work at, as the centre switcher lists it. */
export interface Workplace {
  siteId: number
  name: string
  code: string
  role: Role
}

/** Every centre an account may work at: all active ones for a province role; else home and assignments. */
export async function workplacesOf(r: Repositories, user: UserRow): Promise<Workplace[]> {
  const sites = await r.sites.all()
  const byId = new Map(sites.map((s) => [s.id, s]))
  const place = (siteId: number, role: Role): Workplace[] => {
    const site = byId.get(siteId)
    return site ? [{ siteId, name: site.name, code: site.code, role }] : []
  }
  if (user.provinceRole) {
    const role = user.provinceRole
    return sites
      .filter((s) => s.active || s.id === user.siteId)
      .map((s) => ({ siteId: s.id, name: s.name, code: s.code, role: s.id === user.siteId ? homeRole(user) : role }))
  }
  const assigned = await r.users.assignmentsOf(user.id)
  return [
    ...place(user.siteId, user.role),
    ...assigned.filter((a) => a.siteId !== user.siteId && byId.get(a.siteId)?.active).flatMap((a) => place(a.siteId, a.role)),
  ]
}
