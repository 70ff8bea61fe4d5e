import t from 'tap'
import { aDevice, build, issue, login, serviceId } from '../helpers/build.js'
import { auditRows, siteChangedEvents } from './helpers.js'

t.test('priority groups: create, rename, duplicate codes refused, used groups deactivated', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/priority-groups',
    headers: admin.headers,
    payload: { code: 'cnn', nameVi: 'Người bế con nhỏ', nameEn: 'Parents with infants', sortOrder: 5 },
  })
  t.equal(created.statusCode, 201)
  const group = created.json().group
  t.equal(group.code, 'CNN')
  t.equal(group.active, true)
  t.equal((await auditRows(app, 'priority_group.create')).length, 1)
  t.equal((await siteChangedEvents(app)).length, 1)

  const dup = await app.inject({
    method: 'POST',
    url: '/api/admin/priority-groups',
    headers: admin.headers,
    payload: { code: 'NCT', nameVi: 'x', nameEn: 'x' },
  })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'priority_group_code_taken')
  const dupPatch = await app.inject({ method: 'PATCH', url: `/api/admin/priority-groups/${group.id}`, headers: admin.headers, payload: { code: 'nkt' } })
  t.equal(dupPatch.statusCode, 409)

  const renamed = await app.inject({
    method: 'PATCH',
    url: `/api/admin/priority-groups/${group.id}`,
    headers: admin.headers,
    payload: { nameEn: 'Parents with babies' },
  })
  t.equal(renamed.json().group.nameEn, 'Parents with babies')

  const snapshot = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: admin.headers })
  t.ok(
    snapshot.json().priorityGroups.some((g: { code: string }) => g.code === 'CNN'),
    'screens see the new group',
  )

  const kiosk = await aDevice(app, 'kiosk')
  await issue(app, kiosk, { serviceId: await serviceId(app, 'HT'), priorityGroupId: group.id })
  const kept = await app.inject({ method: 'DELETE', url: `/api/admin/priority-groups/${group.id}`, headers: admin.headers })
  t.equal(kept.json().deleted, false)
  t.equal(kept.json().item.active, false)

  const unused = await app.inject({
    method: 'POST',
    url: '/api/admin/priority-groups',
    headers: admin.headers,
    payload: { code: 'TMP', nameVi: 'Tạm', nameEn: 'Temp' },
  })
  const gone = await app.inject({ method: 'DELETE', url: `/api/admin/priority-groups/${unused.json().group.id}`, headers: admin.headers })
  t.equal(gone.json().deleted, true)
  t.equal((await auditRows(app, 'priority_group.delete')).length, 1)

  const missing = await app.inject({ method: 'DELETE', url: '/api/admin/priority-groups/999', headers: admin.headers })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'priority_group_not_found')
})
