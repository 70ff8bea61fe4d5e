/**
 * The procedure catalogue (danh mục thủ tục) of a centre, kept by its administrator: procedures
 * within each service, with the papers to bring; and the import of the province's list from CSV,
 * previewed row by row before anything is saved. A re-import updates procedures by their code and
 * never adds a second one; procedures missing from the file are left as they are. A procedure that
 * tickets or outcomes refer to is deactivated, never deleted.
 */
import type { DeleteResult, ProcedureImportError, ProcedureImportResult, ProcedureImportRow, ProcedureInput } from '../../../../shared/admin.js'
import type { ProcedureView } from '../../../../shared/types.js'
import type { ProcedureRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { procedureView } from '../views.js'
import { requireSomeChange, siteChanged } from './common.js'
import { IMPORT_ROWS_MAX, NAME_MAX, PAPER_MAX, PAPERS_MAX, PROCEDURE_CODE, readProcedureCsv } from './procedure-csv.js'

async function load(tx: Repositories, siteId: number, id: number): Promise<ProcedureRow> {
  const row = await tx.procedures.get(siteId, id)
  if (!row) throw new DomainError('procedure_not_found', `Procedure ${id} does not exist`, 404)
  return row
}

async function checkService(tx: Repositories, siteId: number, serviceId: number): Promise<void> {
  if (!(await tx.services.get(siteId, serviceId))) throw new DomainError('service_not_found', `Service ${serviceId} does not exist`, 404)
}

async function checkCodeFree(tx: Repositories, siteId: number, code: string, exceptId?: number): Promise<void> {
  if ((await tx.procedures.all(siteId)).some((p) => p.code === code && p.id !== exceptId)) {
    throw new DomainError('procedure_code_taken', `A procedure with code ${code} already exists`, 409)
  }
}

const cleanPapers = (papers: string[]) => papers.map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)

function normalise(body: Partial<ProcedureInput>): Partial<Omit<ProcedureRow, 'id' | 'siteId'>> {
  const out: Partial<Omit<ProcedureRow, 'id' | 'siteId'>> = {}
  if (body.serviceId !== undefined) out.serviceId = body.serviceId
  if (body.code !== undefined) out.code = body.code.trim()
  if (body.nameVi !== undefined) out.nameVi = body.nameVi.replace(/\s+/g, ' ').trim()
  if (body.nameEn !== undefined) out.nameEn = body.nameEn.replace(/\s+/g, ' ').trim()
  if (body.papers !== undefined) out.papers = cleanPapers(body.papers)
  if (body.active !== undefined) out.active = body.active
  if (body.sortOrder !== undefined) out.sortOrder = body.sortOrder
  if (out.nameVi === '') throw new DomainError('bad_request', 'A procedure needs its Vietnamese name', 400)
  if (out.code !== undefined && !PROCEDURE_CODE.test(out.code)) throw new DomainError('bad_request', 'A procedure code is letters, digits, dots, dashes', 400)
  return out
}

export const createProcedure: Command<ProcedureInput, ProcedureView> = async ({ tx, siteId }, body) => {
  const values = normalise(body)
  await checkService(tx, siteId, body.serviceId)
  await checkCodeFree(tx, siteId, values.code ?? '')
  const row = await tx.procedures.insert({
    siteId,
    serviceId: body.serviceId,
    code: values.code ?? '',
    nameVi: values.nameVi ?? '',
    nameEn: values.nameEn ?? '',
    papers: values.papers ?? [],
    active: values.active ?? true,
    sortOrder: values.sortOrder ?? 0,
  })
  return {
    result: procedureView(row),
    audit: { action: 'procedure.create', targetType: 'procedure', targetId: row.id, detail: { code: row.code, nameVi: row.nameVi } },
    events: [siteChanged('procedures')],
  }
}

export const updateProcedure: Command<{ id: number; changes: Partial<ProcedureInput> }, ProcedureView> = async ({ tx, siteId }, { id, changes: body }) => {
  const before = await load(tx, siteId, id)
  const changes = normalise(body)
  requireSomeChange(changes)
  if (changes.serviceId !== undefined) await checkService(tx, siteId, changes.serviceId)
  if (changes.code !== undefined) await checkCodeFree(tx, siteId, changes.code, before.id)
  const row = await tx.procedures.update(before.id, changes)
  if (!row) throw new DomainError('procedure_not_found', 'Procedure vanished', 404)
  return {
    result: procedureView(row),
    audit: { action: 'procedure.update', targetType: 'procedure', targetId: row.id, detail: { code: before.code, ...body } },
    events: [siteChanged('procedures')],
  }
}

export const deleteProcedure: Command<{ id: number }, DeleteResult<ProcedureView>> = async ({ tx, siteId }, { id }) => {
  const before = await load(tx, siteId, id)
  if (await tx.procedures.inUse(before.id)) {
    const row = await tx.procedures.update(before.id, { active: false })
    return {
      result: { deleted: false, item: row ? procedureView(row) : null },
      audit: { action: 'procedure.deactivate', targetType: 'procedure', targetId: before.id, detail: { code: before.code, reason: 'in_use' } },
      events: [siteChanged('procedures')],
    }
  }
  await tx.procedures.delete(before.id)
  return {
    result: { deleted: true, item: null },
    audit: { action: 'procedure.delete', targetType: 'procedure', targetId: before.id, detail: { code: before.code, nameVi: before.nameVi } },
    events: [siteChanged('procedures')],
  }
}

const samePapers = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i])

/** Reads the file against the centre's services and procedures: each row, what saving it would do, or why it cannot. */
export async function previewProcedureImport(r: Repositories, siteId: number, csv: string): Promise<ProcedureImportResult> {
  const services = await r.services.all(siteId)
  const existing = new Map((await r.procedures.all(siteId)).map((p) => [p.code, p]))
  const seen = new Set<string>()
  const parsed = readProcedureCsv(csv)
  if (parsed.length > IMPORT_ROWS_MAX) throw new DomainError('bad_request', `At most ${IMPORT_ROWS_MAX} procedures per file`, 400)
  const rows: ProcedureImportRow[] = parsed.map((row) => {
    const errors: ProcedureImportError[] = []
    const service = services.find((s) => s.code === row.fieldCode)
    if (!service) errors.push('field_unknown')
    if (!row.code) errors.push('code_missing')
    else if (!PROCEDURE_CODE.test(row.code)) errors.push('code_invalid')
    else if (seen.has(row.code)) errors.push('code_repeated')
    seen.add(row.code)
    if (!row.nameVi) errors.push('name_missing')
    if (row.nameVi.length > NAME_MAX || row.nameEn.length > NAME_MAX) errors.push('name_too_long')
    if (row.papers.length > PAPERS_MAX) errors.push('papers_too_many')
    if (row.papers.some((p) => p.length > PAPER_MAX)) errors.push('paper_too_long')
    const before = existing.get(row.code)
    let action: ProcedureImportRow['action'] = null
    if (errors.length === 0) {
      if (!before) action = 'create'
      else {
        const same =
          before.serviceId === service?.id &&
          before.nameVi === row.nameVi &&
          before.nameEn === (row.nameEn || before.nameEn) &&
          samePapers(before.papers, row.papers) &&
          before.active
        action = same ? 'unchanged' : 'update'
      }
    }
    return { ...row, serviceId: service?.id ?? null, action, errors }
  })
  const count = (a: ProcedureImportRow['action']) => rows.filter((row) => row.errors.length === 0 && row.action === a).length
  return {
    rows,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    invalid: rows.filter((row) => row.errors.length > 0).length,
    saved: false,
  }
}

/** Saves a list that previews without errors, in one transaction: all of it or, refused, none. */
export const importProcedures: Command<{ csv: string }, ProcedureImportResult> = async ({ tx, siteId }, { csv }) => {
  const preview = await previewProcedureImport(tx, siteId, csv)
  if (preview.invalid > 0 || preview.rows.length === 0) {
    throw new DomainError('procedure_import_invalid', `${preview.invalid} of ${preview.rows.length} rows cannot be imported`, 422)
  }
  const existing = new Map((await tx.procedures.all(siteId)).map((p) => [p.code, p]))
  const orderIn = new Map<number, number>()
  for (const row of preview.rows) {
    const serviceId = row.serviceId!
    // The file's order is the kiosk's order within each field.
    const sortOrder = (orderIn.get(serviceId) ?? 0) + 10
    orderIn.set(serviceId, sortOrder)
    const before = existing.get(row.code)
    if (row.action === 'create') {
      await tx.procedures.insert({ siteId, serviceId, code: row.code, nameVi: row.nameVi, nameEn: row.nameEn, papers: row.papers, active: true, sortOrder })
    } else if (before && (row.action === 'update' || before.sortOrder !== sortOrder)) {
      await tx.procedures.update(before.id, {
        serviceId,
        nameVi: row.nameVi,
        nameEn: row.nameEn || before.nameEn,
        papers: row.papers,
        active: true,
        sortOrder,
      })
    }
  }
  return {
    result: { ...preview, saved: true },
    audit: {
      action: 'procedure.import',
      targetType: 'procedure',
      targetId: null,
      detail: { created: preview.created, updated: preview.updated, unchanged: preview.unchanged },
    },
    events: preview.created + preview.updated > 0 ? [siteChanged('procedures')] : [],
  }
}
