import t from 'tap'
import { matchesSearch, searchText } from '../../shared/search-text.js'

t.test('search text: Vietnamese without tone marks, đ as d, lower case, spaces collapsed', async (t) => {
  t.equal(searchText('Đăng ký khai sinh'), 'dang ky khai sinh')
  t.equal(searchText('  CHỨNG   THỰC bản sao '), 'chung thuc ban sao')
  t.equal(searchText('Trích lục hộ tịch'), 'trich luc ho tich')
  t.equal(searchText('Đất đai'), 'dat dai')
  // Precomposed (NFC) and decomposed (NFD) input compare alike.
  t.equal(searchText('Hộ tịch'.normalize('NFD')), searchText('Hộ tịch'.normalize('NFC')))
})

t.test('a query matches when each of its words is in the text, marks and order aside', async (t) => {
  t.ok(matchesSearch('Đăng ký khai sinh', 'dang ky khai sinh'))
  t.ok(matchesSearch('Đăng ký khai sinh', 'khai sinh'))
  t.ok(matchesSearch('Đăng ký khai sinh', 'KHAI SINH dang'))
  t.ok(matchesSearch('Đăng ký khai sinh', 'đăng ký'))
  t.ok(matchesSearch('Cấp đổi Giấy chứng nhận quyền sử dụng đất', 'cap doi giay'))
  t.notOk(matchesSearch('Đăng ký khai tử', 'khai sinh'))
  t.notOk(matchesSearch('Đăng ký kết hôn', ''), 'an empty query matches nothing')
  t.notOk(matchesSearch('Đăng ký kết hôn', '   '))
})
