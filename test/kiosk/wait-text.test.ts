/** One wording for a wait, on every citizen-facing screen and on paper. */
import t from 'tap'
import { formatWait } from '../../shared/wait-text.js'

t.test('a wait reads as a person would say it', async (t) => {
  const vi = (m: number, servingCounters?: 'open' | 'paused' | 'none') => formatWait('vi', { estimatedWaitMinutes: m, servingCounters })
  t.equal(vi(0), 'Sắp đến lượt', 'nothing to wait: not "~0 phút"')
  t.equal(vi(15), 'Khoảng 15 phút')
  t.equal(vi(59), 'Khoảng 59 phút')
  t.equal(vi(60), 'Khoảng 1 giờ')
  t.equal(vi(163), 'Khoảng 2 giờ 45 phút', 'over an hour: hours and minutes to the nearest five')
  t.equal(vi(178), 'Khoảng 3 giờ')
  t.equal(formatWait('en', { estimatedWaitMinutes: 163 }), 'About 2 h 45 min')
  t.equal(vi(40, 'paused'), 'Quầy đang tạm ngừng', 'no wait is promised when only paused counters can call')
  t.equal(vi(40, 'none'), 'Chưa có quầy mở')
})
