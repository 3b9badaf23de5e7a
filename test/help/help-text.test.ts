import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Config, loadHelpClass, type Help } from '@oclif/core';

const root = join(import.meta.dirname, '..', '..');

/** The help `--help` prints (the configured help class), rendered in this process for an 80-column terminal. */
async function helpText(config: Config, argv: string[]): Promise<string> {
  const HelpClass = (await loadHelpClass(config)) as unknown as typeof Help;
  const out: string[] = [];
  const help = new (class extends HelpClass {
    protected override log(...args: string[]): void {
      out.push(args.join(' '));
    }
  })(config, { maxWidth: 80, stripAnsi: true });
  await help.showHelp(argv);
  return out.join('\n');
}

/** A line that may follow another without a blank line between: a list item or an indented block. */
const STARTS_OWN_LINE = /^(\s|[-*] |\d+[.)] )/;

describe('help text', function () {
  this.timeout(120_000);
  let config: Config;
  before(async () => {
    config = await Config.load(root);
  });

  it('fits 80 columns for the root, every topic and every command', async () => {
    const targets = [
      [],
      ...config.topics.map((t) => t.name.split(':')),
      ...config.commands.filter((c) => !c.hidden).map((c) => c.id.split(':')),
    ];
    assert.ok(targets.length > 100, `help of ${targets.length} targets`);
    const tooWide: string[] = [];
    for (const argv of targets) {
      const text = await helpText(config, argv);
      assert.ok(text.length > 0, `help of ${argv.join(' ')}`);
      for (const line of text.split('\n'))
        if (line.length > 80) tooWide.push(`${argv.join(' ') || '(root)'}: ${line.length}: ${line}`);
    }
    assert.deepEqual(tooWide, []);
  });

  it('writes descriptions as paragraphs, leaving line breaks to the terminal width', () => {
    const hardWrapped: string[] = [];
    for (const command of config.commands) {
      const texts = [command.description ?? '', ...Object.values(command.flags).map((f) => f.description ?? '')];
      for (const text of texts) {
        const lines = text.split('\n');
        for (let i = 1; i < lines.length; i++) {
          const [prev, line] = [lines[i - 1], lines[i]];
          if (prev.trim() && line.trim() && !STARTS_OWN_LINE.test(line) && !STARTS_OWN_LINE.test(prev))
            hardWrapped.push(`${command.id}: "${prev.slice(-30)}⏎${line.slice(0, 30)}"`);
        }
      }
    }
    assert.deepEqual(hardWrapped, []);
  });

  it('refers to nothing the help does not print and to no document users do not have', () => {
    for (const command of config.commands) {
      const texts = [
        command.summary,
        command.description,
        ...Object.values(command.flags).flatMap((f) => [f.summary, f.description]),
        ...Object.values(command.args).map((a) => a.description),
      ].filter((t): t is string => typeof t === 'string');
      for (const text of texts)
        assert.doesNotMatch(text, /\bsee (above|below)\b|\bDESIGN\b|§/i, `${command.id}: ${text}`);
    }
  });

  it('has `help COMMAND` and shell completion', async () => {
    assert.ok(config.findCommand('help'), 'the help command');
    assert.ok(config.findCommand('autocomplete'), 'the autocomplete command');
    assert.match(await helpText(config, ['transfer', 'list']), /^USAGE\n {2}\$ ccat-ops transfer list/m);
  });
});
