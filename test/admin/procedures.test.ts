import t from 'tap'
import { aDevice, aUser, build, issue, login, serviceId, sqlValue } from '../helpers/build.js'
import { auditRows, siteChangedEvents } from './helpers.js'

const count = async (app: Parameters<typeof sqlValue>[0]) => Number(await sqlValue(app, 'select count(*) as n from procedures'))

t.test('procedures: add, edit, reorder, duplicate codes refused, used ones deactivated, managers read only', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const ht = await serviceId(app, 'HT')
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: admin.headers,
    payload: { serviceId: ht, code: 'HT-100', nameVi: '  Đăng ký   nhận cha, mẹ, con ', papers: ['Tờ khai nhận cha, mẹ, con', '  ', 'CCCD'] },
  })
  t.equal(created.statusCode, 201)
  const p = created.json().procedure
  t.equal(p.nameVi, 'Đăng ký nhận cha, mẹ, con', 'spaces tidied')
  t.same(p.papers, ['Tờ khai nhận cha, mẹ, con', 'CCCD'], 'empty papers dropped')
  t.equal((await auditRows(app, 'procedure.create')).length, 1)
  t.ok(
    (await siteChangedEvents(app)).some((e) => e.data?.what === 'procedures'),
    'screens are told',
  )

  const dup = await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: admin.headers,
    payload: { serviceId: ht, code: 'HT-001', nameVi: 'x' },
  })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'procedure_code_taken')
  const noService = await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: admin.headers,
    payload: { serviceId: 9999, code: 'Z-1', nameVi: 'x' },
  })
  t.equal(noService.json().code, 'service_not_found')

  const edited = await app.inject({
    method: 'PATCH',
    url: `/api/admin/procedures/${p.id}`,
    headers: admin.headers,
    payload: { sortOrder: 0, papers: ['Tờ khai'] },
  })
  t.equal(edited.statusCode, 200)
  t.same(edited.json().procedure.papers, ['Tờ khai'])

  const snapshot = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: admin.headers })).json()
  t.ok(
    snapshot.procedures.some((x: { code: string }) => x.code === 'HT-100'),
    'kiosks see it in the snapshot',
  )

  const kiosk = await aDevice(app, 'kiosk')
  t.equal((await issue(app, kiosk, { serviceId: ht, procedureId: p.id })).statusCode, 201)
  const kept = await app.inject({ method: 'DELETE', url: `/api/admin/procedures/${p.id}`, headers: admin.headers })
  t.equal(kept.json().deleted, false, 'a procedure a ticket names is kept')
  t.equal(kept.json().item.active, false)
  const after = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: admin.headers })).json()
  t.notOk(
    after.procedures.some((x: { code: string }) => x.code === 'HT-100'),
    'the kiosk no longer offers it',
  )
  const refused = await issue(app, kiosk, { serviceId: ht, procedureId: p.id })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'procedure_not_found')

  const unused = await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: admin.headers,
    payload: { serviceId: ht, code: 'TMP', nameVi: 'Tạm' },
  })
  const gone = await app.inject({ method: 'DELETE', url: `/api/admin/procedures/${unused.json().procedure.id}`, headers: admin.headers })
  t.equal(gone.json().deleted, true)

  // A field never used is deleted with its procedures (PostgreSQL refused it while they referred to it).
  const field = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: 'TP', nameVi: 'Tư pháp', nameEn: 'Justice', numbering: 'prefix', prefix: 'P' },
  })
  const fieldId = field.json().service.id as number
  await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: admin.headers,
    payload: { serviceId: fieldId, code: 'TP-1', nameVi: 'Cấp phiếu lý lịch tư pháp' },
  })
  const removed = await app.inject({ method: 'DELETE', url: `/api/admin/services/${fieldId}`, headers: admin.headers })
  t.equal(removed.statusCode, 200, removed.body)
  t.equal(removed.json().deleted, true)
  t.notOk(
    (await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: admin.headers }))
      .json()
      .procedures.some((x: { code: string }) => x.code === 'TP-1'),
    'its procedures went with it',
  )

  const manager = await aUser(app, 'manager')
  const list = await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: manager.headers })
  t.equal(list.statusCode, 200)
  t.ok(list.json().procedures.length >= 11, 'inactive ones listed too')
  const denied = await app.inject({
    method: 'POST',
    url: '/api/admin/procedures',
    headers: manager.headers,
    payload: { serviceId: ht, code: 'M-1', nameVi: 'x' },
  })
  t.equal(denied.statusCode, 403)
})

const CSV = [
  '\uFEFFMã lĩnh vực,Mã thủ tục,Tên thủ tục,Thành phần hồ sơ',
  'HT,HT-001,Đăng ký khai sinh,"Tờ khai đăng ký khai sinh; Giấy chứng sinh; CCCD của cha hoặc mẹ"',
  'HT,1.000893.000.00.00.H12,Đăng ký lại khai sinh,"Tờ khai đăng ký lại khai sinh',
  'Bản sao giấy tờ tùy thân"',
  'KD,KD-001,"Đăng ký thành lập hộ kinh doanh",Giấy đề nghị đăng ký hộ kinh doanh;Bản sao CCCD',
].join('\r\n')

t.test('CSV import: preview first, then save; re-import updates by code, never duplicates', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const before = await count(app)

  const preview = await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: CSV, commit: false } })
  t.equal(preview.statusCode, 200)
  const body = preview.json()
  t.equal(body.saved, false)
  t.equal(body.rows.length, 3, 'the title row is skipped, a quoted cell may span lines')
  t.same(
    body.rows.map((r: { line: number; action: string }) => [r.line, r.action]),
    [
      [2, 'update'],
      [3, 'create'],
      [5, 'create'],
    ],
  )
  t.same(body.rows[0].papers, ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh', 'CCCD của cha hoặc mẹ'])
  t.same(body.rows[1].papers, ['Tờ khai đăng ký lại khai sinh', 'Bản sao giấy tờ tùy thân'], 'papers on lines of their own')
  t.equal(body.rows[0].fieldCode, 'HT', 'the byte-order mark is not part of the first cell')
  t.equal(await count(app), before, 'a preview saves nothing')

  const saved = await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: CSV, commit: true } })
  t.equal(saved.statusCode, 200)
  t.match(saved.json(), { saved: true, created: 2, updated: 1, invalid: 0 })
  t.equal(await count(app), before + 2)
  const list = (await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: admin.headers })).json().procedures
  const khaiSinh = list.find((p: { code: string }) => p.code === 'HT-001')
  t.same(khaiSinh.papers, ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh', 'CCCD của cha hoặc mẹ'], 'updated by its code')
  t.equal(khaiSinh.nameEn, 'Birth registration', 'an English name the file leaves out is kept')
  t.equal((await auditRows(app, 'procedure.import')).length, 1)

  const again = await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: CSV, commit: true } })
  t.match(again.json(), { created: 0, updated: 0, unchanged: 3 })
  t.equal(await count(app), before + 2, 're-import adds nothing')
})

t.test('CSV import: rows with errors are named, and a refused import changes nothing', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const bad = [
    'HT,HT-001,Đăng ký khai sinh (sửa),Tờ khai',
    'ZZ,ZZ-1,Không có lĩnh vực,',
    'HT,,Thiếu mã,',
    'HT,HT 9,Mã có dấu cách,',
    'CT,CT-9,,',
    'CT,CT-8,Lặp mã,',
    'CT,CT-8,Lặp mã lần hai,',
  ].join('\n')
  const before = (await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: admin.headers })).json().procedures
  const preview = (
    await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: bad, commit: false } })
  ).json()
  t.same(
    preview.rows.map((r: { errors: string[] }) => r.errors),
    [[], ['field_unknown'], ['code_missing'], ['code_invalid'], ['name_missing'], [], ['code_repeated']],
  )
  t.equal(preview.invalid, 5)
  const refused = await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: bad, commit: true } })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'procedure_import_invalid')
  const after = (await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: admin.headers })).json().procedures
  t.same(after, before, 'not even the good rows were saved')
  const empty = await app.inject({ method: 'POST', url: '/api/admin/procedures/import', headers: admin.headers, payload: { csv: '\uFEFF\r\n', commit: true } })
  t.equal(empty.json().code, 'procedure_import_invalid')
})
