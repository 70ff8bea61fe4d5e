/**
 * Text as a search compares it: Vietnamese without tone marks or diacritics, lower case, spaces
 * collapsed, so "dang ky khai sinh" finds "Đăng ký khai sinh" (people type on kiosks and phones
 * without a Vietnamese keyboard). NFD splits each letter from its marks, which are then dropped;
 * đ has no decomposition and is mapped by hand.
 */
export function searchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Whether every word of the query appears in the text, in any order, marks and case aside. */
export function matchesSearch(text: string, query: string): boolean {
  const words = searchText(query).split(' ').filter(Boolean)
  if (words.length === 0) return false
  const haystack = searchText(text)
  return words.every((w) => haystack.includes(w))
}
