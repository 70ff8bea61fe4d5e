/**
 * The province's own screens: its centres (open, edit, deactivate), its people (accounts at any
 * centre, province roles, rotation), and every centre side by side in one report. Province
 * administrators change; province managers read. A centre's own people never reach these routes.
 * An id that names no centre or account answers 404, as for any centre's routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { PROVINCE_ROLES, ROLES, type Role } from '../../../shared/constants.js'
import type { ProvinceUserView } from '../../../shared/types.js'
import { createCentre } from '../domain/admin/centres.js'
import { updateSite } from '../domain/admin/site.js'
import { createUser, setAssignments, updateUser } from '../domain/admin/users.js'
import { siteView } from '../domain/views.js'
import type { UserRow } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'
import { hashPassword } from '../auth/passwords.js'
import { HttpError } from '../plugins/errors.js'
import { runProvinceReport, provinceTables, warmSummaries, type ProvinceQuery } from '../reports/province.js'
import { reportSourceOf, type ReportSource } from '../reports/source.js'
import { DaySummaries } from '../reports/day-summary.js'
import { csvOf } from '../reports/tables.js'
import { workbookOf } from '../reports/xlsx.js'
import { staffCommand, staffOf } from '../http/principal.js'
import { SiteSettingsFields } from './admin-site.js'
import { Password, userView } from './admin-users.js'
import { CommandErrors, ErrorResponse, IdParams, ProvinceReportSchema, ProvinceUserViewSchema, SiteViewSchema } from './schemas.js'

const Code = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' })
const CentreBody = Type.Object(
  {
    ...SiteSettingsFields,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    code: Code,
    copyFrom: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    catalogue: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,10}$' }), { maxItems: 50 })),
  },
  { additionalProperties: false },
)
const CentrePatch = Type.Object(
  { ...SiteSettingsFields, code: Type.Optional(Code), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
)
const CentreResponse = Type.Object({ site: SiteViewSchema })

const Assignment = Type.Object({ siteId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }), role: Type.Enum([...ROLES]) }, { additionalProperties: false })
const UserCreate = Type.Object(
  {
    siteId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,32}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Enum([...ROLES]),
    provinceRole: Type.Optional(Type.Union([Type.Enum([...PROVINCE_ROLES]), Type.Null()])),
    password: Password,
  },
  { additionalProperties: false },
)
const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Type.Enum([...ROLES])),
    active: Type.Optional(Type.Boolean()),
    provinceRole: Type.Optional(Type.Union([Type.Enum([...PROVINCE_ROLES]), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
const UserResponse = Type.Object({ user: ProvinceUserViewSchema })

const ReportQuery = Type.Object({
  from: Type.String({ maxLength: 20 }),
  to: Type.String({ maxLength: 20 }),
  service: Type.Optional(Type.String({ maxLength: 20 })),
  sep: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('semicolon')])),
})
const reportErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

const VI_NAMES = new Intl.Collator('vi')

/** How often the summaries are brought up to date: finished days end at each centre's midnight. */
const WARM_INTERVAL_MS = 3_600_000

/**
 * Summarizes the province's last year in the background once the server is ready, and every hour
 * after (a day that has ended is summarized in the hour after). Single-centre installs skip it: they
 * have no province report. Stops with the app; a failure is logged and tried again next time.
 */
function warmUpSummaries(app: FastifyInstance, source: ReportSource, summaries: DaySummaries): void {
  let closing = false
  let running: Promise<unknown> = Promise.resolve()
  const read = <T>(work: () => Promise<T>) => (app.database.kind === 'sqlite' ? app.store.read(work) : work())
  const warm = () => {
    running = (async () => {
      const sites = await app.store.read((r) => r.sites.all())
      if (sites.length < 2 || closing) return
      const started = Date.now()
      const days = await warmSummaries(source, sites, app.clock(), summaries, () => closing, read)
      app.log.debug({ centres: sites.length, days, ms: Date.now() - started }, 'province day summaries up to date')
    })().catch((err: unknown) => {
      if (!closing) app.log.warn({ err }, 'summarizing the province days failed; the report will make them when asked')
    })
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    warm()
    timer = setInterval(warm, WARM_INTERVAL_MS)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    closing = true
    clearInterval(timer)
    await running
  })
}

function provinceUserView(row: UserRow, assignments: { siteId: number; role: Role }[]): ProvinceUserView {
  return { ...userView(row), provinceRole: row.provinceRole, assignments: assignments.map((a) => ({ siteId: a.siteId, role: a.role })) }
}

export interface ProvinceRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<ProvinceRouteOptions> = async (app, opts) => {
  const admin = app.requireProvince(['admin'])
  const reader = app.requireProvince(['admin', 'manager'])
  const source = reportSourceOf(app.database)
  // Finished days are summarized once (reports/day-summary.ts), kept in report_summaries and in this
  // process; made ahead of the first report where a province has more than one centre.
  const summaries = new DaySummaries()
  warmUpSummaries(app, source, summaries)

  async function provinceUser(r: Repositories, row: UserRow): Promise<ProvinceUserView> {
    return provinceUserView(row, await r.users.assignmentsOf(row.id))
  }
  async function existingUser(id: number): Promise<UserRow> {
    const row = await app.store.read((r) => r.users.byId(id))
    if (!row) throw new HttpError(404, 'not_found', `User ${id} not found`)
    return row
  }

  // ─── Centres ───────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/province/sites',
    { preHandler: reader, schema: { response: { 200: Type.Object({ sites: Type.Array(SiteViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async () => {
      const sites = await app.store.read((r) => r.sites.all())
      sites.sort((a, b) => Number(b.active) - Number(a.active) || VI_NAMES.compare(a.name, b.name))
      return { sites: sites.map((s) => siteView(s, opts.publicUrl)) }
    },
  )

  app.get(
    '/api/province/sites/:id',
    { preHandler: reader, schema: { params: IdParams, response: { 200: CentreResponse, ...reportErrors } } },
    async (request) => {
      const row = await app.store.read((r) => r.sites.get(request.params.id))
      if (!row) throw new HttpError(404, 'not_found', `Centre ${request.params.id} not found`)
      return { site: siteView(row, opts.publicUrl) }
    },
  )

  app.post(
    '/api/province/sites',
    { preHandler: admin, schema: { body: CentreBody, response: { 201: CentreResponse, ...CommandErrors } } },
    async (request, reply) => {
      // Locked on the administrator's own centre: the new one does not exist yet.
      const site = await app.commands.run(createCentre, staffCommand(request), request.body)
      return reply.status(201).send({ site: siteView(site, opts.publicUrl) })
    },
  )

  app.patch(
    '/api/province/sites/:id',
    { preHandler: admin, schema: { params: IdParams, body: CentrePatch, response: { 200: CentreResponse, ...CommandErrors } } },
    async (request) => {
      const p = staffOf(request)
      if (request.body.active === false && request.params.id === p.homeSiteId) {
        throw new HttpError(403, 'self_change_refused', 'You cannot deactivate your own centre')
      }
      const site = await app.commands.run(updateSite, { siteId: request.params.id, actor: { type: 'staff', id: p.user.id } }, request.body)
      return { site: siteView(site, opts.publicUrl) }
    },
  )

  // ─── People ────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/province/users',
    { preHandler: reader, schema: { response: { 200: Type.Object({ users: Type.Array(ProvinceUserViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async () =>
      app.store.read(async (r) => {
        const rows = (await r.users.everyone()).sort((a, b) => VI_NAMES.compare(a.displayName, b.displayName))
        // One read for every account's assignments, not one per account.
        const assigned = new Map<number, { siteId: number; role: Role }[]>()
        for (const a of await r.users.allAssignments()) assigned.set(a.userId, [...(assigned.get(a.userId) ?? []), { siteId: a.siteId, role: a.role }])
        return { users: rows.map((row) => provinceUserView(row, assigned.get(row.id) ?? [])) }
      }),
  )

  app.post(
    '/api/province/users',
    { preHandler: admin, schema: { body: UserCreate, response: { 201: UserResponse, ...CommandErrors } } },
    async (request, reply) => {
      const { password, siteId, ...body } = request.body
      const passwordHash = await hashPassword(password)
      const user = await app.commands.run(createUser, { siteId, actor: staffCommand(request).actor }, { ...body, passwordHash })
      return reply.status(201).send({ user: await app.store.read((r) => provinceUser(r, user)) })
    },
  )

  app.patch(
    '/api/province/users/:id',
    { preHandler: admin, schema: { params: IdParams, body: UserPatch, response: { 200: UserResponse, ...CommandErrors } } },
    async (request) => {
      const target = await existingUser(request.params.id)
      const { user, lostRights } = await app.commands.run(
        updateUser,
        { siteId: target.siteId, actor: staffCommand(request).actor },
        { id: target.id, changes: request.body },
      )
      if (lostRights) app.realtime.disconnectUser(user.id)
      return { user: await app.store.read((r) => provinceUser(r, user)) }
    },
  )

  app.put(
    '/api/province/users/:id/assignments',
    {
      preHandler: admin,
      schema: {
        params: IdParams,
        body: Type.Object({ assignments: Type.Array(Assignment, { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 200: UserResponse, ...CommandErrors },
      },
    },
    async (request) => {
      const target = await existingUser(request.params.id)
      const { user } = await app.commands.run(
        setAssignments,
        { siteId: target.siteId, actor: staffCommand(request).actor },
        { id: target.id, assignments: request.body.assignments },
      )
      // A centre taken away must stop sending its queue to their screens: they reconnect where they may.
      app.realtime.disconnectUser(user.id)
      return { user: await app.store.read((r) => provinceUser(r, user)) }
    },
  )

  // ─── Every centre side by side ─────────────────────────────────────────────────────────────

  const report = async (query: ProvinceQuery) => {
    const now = app.clock()
    const sites = await app.store.read((r) => r.sites.all())
    const run = () => runProvinceReport(source, sites, query, now, summaries)
    return app.database.kind === 'sqlite' ? app.store.read(run) : run()
  }
  const fileName = (q: { from: string; to: string }, ext: string) => `bao-cao-cac-trung-tam_${q.from}_${q.to}.${ext}`

  app.get(
    '/api/province/report',
    { preHandler: reader, schema: { querystring: ReportQuery, response: { 200: ProvinceReportSchema, ...reportErrors } } },
    async (request) => report(request.query),
  )

  app.get(
    '/api/province/report.csv',
    { preHandler: reader, schema: { querystring: ReportQuery, response: { 200: Type.Unknown(), ...reportErrors } } },
    async (request, reply) => {
      const { tables } = provinceTables(await report(request.query))
      const table = tables[0]!
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(request.query, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(csvOf(table.columns, table.rows, request.query.sep))
    },
  )

  app.get(
    '/api/province/report.xlsx',
    { preHandler: reader, schema: { querystring: ReportQuery, response: { 200: Type.Unknown(), ...reportErrors } } },
    async (request, reply) => {
      const { title, filters, tables } = provinceTables(await report(request.query))
      const bytes = await workbookOf(`${title.centre} – ${title.period}`, title, filters, tables)
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName(request.query, 'xlsx')}"`)
        .header('cache-control', 'no-store')
        .send(bytes)
    },
  )
}
export default routes
