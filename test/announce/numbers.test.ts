import t from 'tap'
import {
  announcementText,
  digitsToVietnameseWords,
  numberToEnglishWords,
  numberToVietnameseWords,
  parseTicketNumber,
  ticketNumberToEnglishWords,
  ticketNumberToVietnameseWords,
} from '../../shared/announce.js'

t.test('whole numbers in Vietnamese, as people say them in full', async (t) => {
  const cases: [number, string][] = [
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [9, 'chín'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi bốn'],
    [25, 'hai mươi lăm'],
    [31, 'ba mươi mốt'],
    [55, 'năm mươi lăm'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [104, 'một trăm linh bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [111, 'một trăm mười một'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [125, 'một trăm hai mươi lăm'],
    [200, 'hai trăm'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1005, 'một nghìn không trăm linh năm'],
    [1010, 'một nghìn không trăm mười'],
    [1015, 'một nghìn không trăm mười lăm'],
    [1023, 'một nghìn không trăm hai mươi ba'],
    [1100, 'một nghìn một trăm'],
    [1105, 'một nghìn một trăm linh năm'],
    [2005, 'hai nghìn không trăm linh năm'],
    [2024, 'hai nghìn không trăm hai mươi bốn'],
    [5555, 'năm nghìn năm trăm năm mươi lăm'],
    [9999, 'chín nghìn chín trăm chín mươi chín'],
    [10000, 'mười nghìn'],
    [15000, 'mười lăm nghìn'],
    [21001, 'hai mươi mốt nghìn không trăm linh một'],
    [100005, 'một trăm nghìn không trăm linh năm'],
    [105000, 'một trăm linh năm nghìn'],
    [999999, 'chín trăm chín mươi chín nghìn chín trăm chín mươi chín'],
  ]
  for (const [n, words] of cases) t.equal(numberToVietnameseWords(n).join(' '), words, String(n))
  t.same(numberToVietnameseWords(1023), ['một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba'], 'one word per element')
})

t.test('southern "lẻ" and literary "tư" are options', async (t) => {
  t.equal(numberToVietnameseWords(105, { zeroTens: 'le' }).join(' '), 'một trăm lẻ năm')
  t.equal(numberToVietnameseWords(2005, { zeroTens: 'le' }).join(' '), 'hai nghìn không trăm lẻ năm')
  t.equal(numberToVietnameseWords(24, { four: 'tu' }).join(' '), 'hai mươi tư')
  t.equal(numberToVietnameseWords(14, { four: 'tu' }).join(' '), 'mười bốn', 'tư only after a tens word of 20 or more')
  t.equal(numberToVietnameseWords(104, { four: 'tu' }).join(' '), 'một trăm linh bốn')
})

t.test('numbers it cannot read are refused, not mumbled', async (t) => {
  for (const n of [-1, 1.5, 1_000_000, Number.NaN]) t.throws(() => numberToVietnameseWords(n), RangeError, String(n))
})

t.test('digit by digit', async (t) => {
  t.same(digitsToVietnameseWords('1023'), ['một', 'không', 'hai', 'ba'])
  t.same(digitsToVietnameseWords('0045'), ['không', 'không', 'bốn', 'năm'])
  t.throws(() => digitsToVietnameseWords('12a'), RangeError)
})

t.test('ticket numbers with letter prefixes', async (t) => {
  t.same(parseTicketNumber('KD005'), [
    { kind: 'letter', letter: 'K' },
    { kind: 'letter', letter: 'D' },
    { kind: 'digits', digits: '005' },
  ])
  t.same(parseTicketNumber(' a-023 '), parseTicketNumber('A023'), 'case, spaces and hyphens do not matter')
  t.same(ticketNumberToVietnameseWords('A023', 'whole'), ['a', 'hai', 'mươi', 'ba'])
  t.same(ticketNumberToVietnameseWords('A023', 'digits'), ['a', 'không', 'hai', 'ba'])
  t.same(ticketNumberToVietnameseWords('B105', 'whole'), ['bê', 'một', 'trăm', 'linh', 'năm'])
  t.same(ticketNumberToVietnameseWords('C001', 'whole'), ['xê', 'một'])
  t.same(ticketNumberToVietnameseWords('KD005', 'whole'), ['ca', 'đê', 'năm'])
  t.same(ticketNumberToVietnameseWords('ĐĐ012', 'digits'), ['đê', 'đê', 'không', 'một', 'hai'])
  t.same(ticketNumberToVietnameseWords('A000', 'whole'), ['a', 'không'])
  t.same(ticketNumberToVietnameseWords('1023', 'whole'), ['một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba'])
  t.same(ticketNumberToVietnameseWords('1023', 'digits'), ['một', 'không', 'hai', 'ba'])
  t.throws(() => parseTicketNumber('A#1'), RangeError)
  t.throws(() => parseTicketNumber(''), RangeError)
})

t.test('English: numbers whole, tickets digit by digit', async (t) => {
  t.same(numberToEnglishWords(0), ['zero'])
  t.same(numberToEnglishWords(5), ['five'])
  t.same(numberToEnglishWords(13), ['thirteen'])
  t.same(numberToEnglishWords(40), ['forty'])
  t.same(numberToEnglishWords(121), ['one', 'hundred', 'twenty', 'one'])
  t.same(numberToEnglishWords(2005), ['two', 'thousand', 'five'])
  t.same(ticketNumberToEnglishWords('A023'), ['A', 'zero', 'two', 'three'])
  t.same(ticketNumberToEnglishWords('1023'), ['one', 'zero', 'two', 'three'])
})

t.test('sentences for speech synthesis', async (t) => {
  t.equal(announcementText('1023', 5, 'vi', 'whole'), 'Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số năm')
  t.equal(announcementText('1023', 5, 'vi', 'digits'), 'Mời công dân có số một không hai ba đến quầy số năm')
  t.equal(announcementText('A023', 12, 'vi', 'whole'), 'Mời công dân có số a hai mươi ba đến quầy số mười hai')
  t.equal(announcementText('1023', 5, 'en', 'whole'), 'Ticket number one zero two three, please go to counter five')
  t.equal(announcementText('A105', 21, 'vi', 'whole', { zeroTens: 'le' }), 'Mời công dân có số a một trăm lẻ năm đến quầy số hai mươi mốt')
})
