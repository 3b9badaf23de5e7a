/**
 * How many terminal columns text takes: East Asian wide characters and most emoji take two, combining
 * marks and joiners none. Table cells have no control characters (see visible.ts). A small
 * approximation of `string-width` that is fast on the common all-ASCII cell.
 */
const ASCII = /^[\u0020-\u007e]*$/;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const MARK = /\p{M}/u;

/** Zero-width spaces and joiners, and variation selectors, take no column. */
const zeroWidth = (ch: string) => {
  const cp = ch.codePointAt(0) ?? 0;
  return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || MARK.test(ch);
};

const charWidth = (ch: string) => (zeroWidth(ch) ? 0 : WIDE.test(ch) ? 2 : 1);

export function textWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** `text` in at most `width` columns, cut in the middle (`first…last`) when longer, so both ends stay readable. */
export function cutMiddle(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const headRoom = Math.ceil((width - 1) / 2);
  const tailRoom = width - 1 - headRoom;
  if (ASCII.test(text)) return `${text.slice(0, headRoom)}…${tailRoom ? text.slice(-tailRoom) : ''}`;
  const chars = [...text];
  let head = '';
  let used = 0;
  for (const ch of chars) {
    if (used + charWidth(ch) > headRoom) break;
    head += ch;
    used += charWidth(ch);
  }
  let tail = '';
  used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    if (used + charWidth(chars[i]) > tailRoom) break;
    tail = chars[i] + tail;
    used += charWidth(chars[i]);
  }
  return `${head}…${tail}`;
}

/** `text` followed by spaces up to `width` columns (nothing added when it is already that wide or wider). */
export function padEnd(text: string, width: number): string {
  const gap = width - textWidth(text);
  return gap > 0 ? text + ' '.repeat(gap) : text;
}
