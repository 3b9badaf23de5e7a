import { CommandHelp, Help, type Command } from '@oclif/core';
import { stripVTControlCharacters } from 'node:util';

/** Splits a command line at the spaces that separate shell words (not those inside quotes). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ' ') {
      if (word) words.push(word);
      word = '';
      continue;
    }
    word += ch;
  }
  if (word) words.push(word);
  return words;
}

/**
 * Breaks a line of words into lines of at most `width` characters (a longer word stands alone);
 * every line but the first starts with `indent`, every line but the last ends with `suffix`.
 */
export function wrapWords(words: string[], width: number, indent: string, suffix = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && line.trim() && candidate.length + suffix.length > width) {
      lines.push(line + suffix);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** The indentation oclif gives a help section's body. */
const SECTION_INDENT = 2;

/**
 * oclif's command help, with the lines it leaves too wide for the terminal broken between shell
 * words: long examples (continued with a backslash, so they can still be pasted) and long usage
 * lines (oclif measures those before it puts the command's name in).
 */
class OpsCommandHelp extends CommandHelp {
  private get width(): number {
    return this.opts.maxWidth - SECTION_INDENT;
  }

  protected override examples(examples: Command.Example[] | string | undefined): string | undefined {
    const body = super.examples(examples);
    if (body === undefined) return body;
    return body
      .split('\n')
      .flatMap((line) => {
        const plain = stripVTControlCharacters(this.render(line));
        if (plain.length <= this.width || !plain.trim().startsWith('$ ')) return [line];
        const leading = /^\s*/.exec(plain)![0];
        return wrapWords(shellWords(plain.trim()), this.width - leading.length, '  ', ' \\').map((l) => leading + l);
      })
      .join('\n');
  }

  protected override usage(): string {
    const id = this.command.id.replaceAll(':', this.config.topicSeparator);
    const plain = stripVTControlCharacters(super.usage()).replaceAll('<%= command.id %>', id);
    if (plain.split('\n').every((line) => line.length <= this.width)) return super.usage();
    // one entry per `$ ccat-ops …` line, with oclif's continuation lines joined back on
    const entries = plain.split(/\n(?=\$ )/).map((entry) => entry.replace(/\s*\n\s*/g, ' '));
    return entries.map((entry) => wrapWords(entry.split(' '), this.width, '  ').join('\n')).join('\n');
  }
}

/** The help of ccat-ops: oclif's, fitted to the terminal width. */
export default class OpsHelp extends Help {
  protected override CommandHelpClass = OpsCommandHelp;
}
