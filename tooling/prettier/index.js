/** Shared prettier config: the repo already writes single quotes and trailing commas; 120 columns per STYLE.md. */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
};
