/**
 * The procedure catalogue in the staff app's administration, in real Chromium: the list per field,
 * adding a procedure with its papers, and importing the province's list from a CSV file (with a
 * byte-order mark, as Excel writes it): the preview names each row's result or error and saves
 * nothing; a file with errors cannot be saved; a clean one is saved and shows in the list.
 * Screenshots: test/artifacts/admin-procedures*.png at 1366×768.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { PASSWORD, baseUrl, build, sqlRows } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'

const count = async (app: Parameters<typeof sqlRows>[0]) => Number((await sqlRows<{ n: number }>(app, 'select count(*) as n from procedures'))[0]?.n)

t.test('an administrator keeps the procedure list and imports the province’s CSV after a preview', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page, context, errors } = await newPage(browser, { width: 1366, height: 768 })
  t.teardown(() => context.close())
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('admin')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-admin-app').waitFor()
  await page.locator('qms-admin-app nav a[data-route="procedures"]').click()

  const screen = page.locator('qms-admin-procedures')
  await screen.locator('table[data-procedures]').waitFor()
  t.same(
    await screen.locator('tr[data-field-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field-row'))),
    ['DD', 'HT', 'CT'],
    'grouped by field',
  )
  t.match(await screen.locator('tr[data-procedure="HT-001"]').innerText(), /Đăng ký khai sinh[\s\S]*Giấy chứng sinh/)
  await screenshot(page, 'admin-procedures')

  // Add one by hand.
  await screen.locator('[data-action="new"]').click()
  const edit = screen.locator('dialog.edit[open]')
  await edit.locator('select[name="serviceId"]').selectOption({ label: 'Đăng ký kinh doanh' })
  await edit.locator('input[name="code"]').fill('KD-001')
  await edit.locator('input[name="nameVi"]').fill('Đăng ký thành lập hộ kinh doanh')
  await edit.locator('textarea[name="papers"]').fill('Giấy đề nghị đăng ký hộ kinh doanh\nBản sao căn cước công dân')
  await edit.locator('button[type="submit"]').click()
  await screen.locator('tr[data-procedure="KD-001"]').waitFor()
  const [kd] = await sqlRows<{ papers: unknown }>(app, "select papers from procedures where code = 'KD-001'")
  const papers = typeof kd?.papers === 'string' ? JSON.parse(kd.papers) : kd?.papers
  t.same(papers, ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao căn cước công dân'], 'one paper a line')

  // Import: a file with one bad row cannot be saved; its preview says which row and why.
  const dir = mkdtempSync(join(tmpdir(), 'qms-csv-'))
  const bad = join(dir, 'thu-tuc-loi.csv')
  const rows = [
    'Mã lĩnh vực,Mã thủ tục,Tên thủ tục,Thành phần hồ sơ',
    'HT,HT-001,Đăng ký khai sinh,"Tờ khai đăng ký khai sinh; Giấy chứng sinh; Căn cước công dân của cha hoặc mẹ"',
    'HT,HT-006,Đăng ký lại khai sinh,"Tờ khai đăng ký lại khai sinh',
    'Bản sao giấy tờ tùy thân"',
    'XD,XD-001,Cấp giấy phép xây dựng nhà ở riêng lẻ,Đơn đề nghị cấp giấy phép xây dựng;Bản vẽ thiết kế',
  ]
  writeFileSync(bad, '\uFEFF' + [...rows, 'ZZ,ZZ-1,Thủ tục của lĩnh vực không có,'].join('\r\n'))
  const before = await count(app)
  await screen.locator('[data-action="import"]').click()
  const dialog = screen.locator('dialog.import[open]')
  await dialog.locator('input[data-import-file]').setInputFiles(bad)
  await dialog.locator('[data-import-summary]').waitFor()
  t.match(await dialog.locator('[data-import-summary]').innerText(), /1 trong 4 dòng có lỗi/)
  t.match(await dialog.locator('tr[data-import-line="6"]').innerText(), /Không có lĩnh vực mã “ZZ”/)
  t.match(await dialog.locator('tr[data-import-line="2"]').innerText(), /Cập nhật/)
  t.match(await dialog.locator('tr[data-import-line="3"]').innerText(), /Thêm mới/)
  t.ok(await dialog.locator('[data-import-save]').isDisabled(), 'a list with errors cannot be saved')
  await screenshot(page, 'admin-procedures-import-errors')
  t.equal(await count(app), before, 'the preview saved nothing')

  // The corrected file: saved, and listed.
  const good = join(dir, 'thu-tuc.csv')
  writeFileSync(good, '\uFEFF' + rows.join('\r\n'))
  await dialog.locator('input[data-import-file]').setInputFiles(good)
  await dialog.locator('[data-import-summary]', { hasText: '3 dòng' }).waitFor()
  await screenshot(page, 'admin-procedures-import-preview')
  await dialog.locator('[data-import-save]').click()
  await screen.locator('tr[data-procedure="XD-001"]').waitFor()
  t.equal(await count(app), before + 2, 'two new procedures, the existing one updated')
  t.match(await screen.locator('tr[data-procedure="HT-001"]').innerText(), /Căn cước công dân của cha hoặc mẹ/)
  t.same(
    errors.filter((e) => !/status of (401|422)/.test(e)),
    [],
    'no page errors',
  )
})
