/** The driver's own helpers (no types of their own): `prepareValue` renders a parameter as the text it sends. */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
