// The house style as the code already reads: no semicolons, single quotes, trailing commas, long
// lines (most files wrap at about 160 columns).
/** @type {import('prettier').Config} */
export default {
  semi: false,
  singleQuote: true,
  trailingComma: 'all',
  printWidth: 160,
  // Keep quoted keys as written: a table of Vietnamese words reads better with every key quoted alike.
  quoteProps: 'preserve',
  // Leave the insides of lit's html`` and css`` templates alone: re-wrapping markup changes the
  // whitespace between inline elements, which is text a user sees (and tests read).
  embeddedLanguageFormatting: 'off',
}
