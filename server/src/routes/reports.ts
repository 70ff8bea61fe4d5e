/**
 * Wait-time reports for managers and administrators: the figures as JSON, and the same figures
 * as CSV and XLSX with Vietnamese headers. Thin: parse, authorize, `runReport` (on SQLite inside the
 * store's `read`), present.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import type { ReportQuery } from '../../../shared/reports.js'
import { DomainError } from '../domain/errors.js'
import { runReport } from '../reports/run-report.js'
import { reportSourceOf } from '../reports/source.js'
import { toCsv } from '../reports/tables.js'
import { toXlsx } from '../reports/xlsx.js'
import { outcomeReport } from '../reports/outcomes.js'
import { ErrorResponse, OutcomeReportSchema, ReportSummarySchema } from './schemas.js'
import { siteOf } from '../http/principal.js'

/**
 * Filters arrive as strings so that an empty `serviceId=` (a form left on "all") means no
 * filter, and dates are checked by `runReport` to answer with a report-specific code.
 */
const Filter = Type.Optional(Type.String({ maxLength: 12 }))
export const ReportQueryString = Type.Object({
  from: Type.String({ maxLength: 20 }),
  to: Type.String({ maxLength: 20 }),
  serviceId: Filter,
  counterId: Filter,
  staffId: Filter,
  priorityGroupId: Filter,
})

function filterId(value: string | undefined, name: string): number | null {
  if (value === undefined || value.trim() === '') return null
  if (!/^\d{1,9}$/.test(value.trim())) throw new DomainError('report_unknown_filter', `${name} must be an id, got ${JSON.stringify(value)}`, 400)
  return Number(value)
}

function toQuery(q: Static<typeof ReportQueryString>): ReportQuery {
  return {
    from: q.from,
    to: q.to,
    serviceId: filterId(q.serviceId, 'serviceId'),
    counterId: filterId(q.counterId, 'counterId'),
    staffId: filterId(q.staffId, 'staffId'),
    priorityGroupId: filterId(q.priorityGroupId, 'priorityGroupId'),
  }
}

/** The CSV takes one more option: `sep=semicolon` for Excel with Vietnamese regional settings. */
const CsvQueryString = Type.Object({
  ...ReportQueryString.properties,
  sep: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('semicolon')])),
})

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const managers = app.requireStaff(['manager', 'admin'])
  const source = reportSourceOf(app.database)
  /**
   * SQLite: through the store's queue, so a report never reads while a write transaction is open
   * on the one connection. PostgreSQL: on the pool, where each statement sees committed rows only
   * and the cache of finished days is written in statements of its own.
   */
  const report = (q: Static<typeof ReportQueryString>, siteId: number) => {
    const query = toQuery(q)
    const now = app.clock()
    const run = () => runReport(source, siteId, query, now)
    return app.database.kind === 'sqlite' ? app.store.read(run) : run()
  }
  const fileName = (q: { from: string; to: string }, ext: string) => `bao-cao-thoi-gian-cho_${q.from}_${q.to}.${ext}`

  app.get(
    '/api/reports/summary',
    { preHandler: managers, schema: { querystring: ReportQueryString, response: { 200: ReportSummarySchema, ...errors } } },
    async (request) => report(request.query, siteOf(request)),
  )

  // What counters recorded (visit outcomes), by service and procedure and by staff member.
  app.get(
    '/api/reports/outcomes',
    {
      preHandler: managers,
      schema: {
        querystring: Type.Object({ from: Type.String({ maxLength: 20 }), to: Type.String({ maxLength: 20 }) }),
        response: { 200: OutcomeReportSchema, ...errors },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      return app.store.read((r) => outcomeReport(r, siteId, request.query, (from, to) => source.procedureRatings(siteId, from, to)))
    },
  )

  app.get(
    '/api/reports/export.csv',
    { preHandler: managers, schema: { querystring: CsvQueryString, response: { 200: Type.Unknown(), ...errors } } },
    async (request, reply) => {
      const summary = await report(request.query, siteOf(request))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(summary.query, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(toCsv(summary, request.query.sep))
    },
  )

  app.get(
    '/api/reports/export.xlsx',
    { preHandler: managers, schema: { querystring: ReportQueryString, response: { 200: Type.Unknown(), ...errors } } },
    async (request, reply) => {
      const summary = await report(request.query, siteOf(request))
      const bytes = await toXlsx(summary)
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName(summary.query, 'xlsx')}"`)
        .header('cache-control', 'no-store')
        .send(bytes)
    },
  )
}
export default routes
