import stringWidth from 'string-width';

/** Table cells have no control characters (see visible.ts); most are plain ASCII, measured by length. */
const ASCII = /^[\u0020-\u007e]*$/;

/** How many terminal columns text takes (wide characters two, combining marks none). */
export function textWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text);
}

const charWidth = (ch: string) => stringWidth(ch);

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
