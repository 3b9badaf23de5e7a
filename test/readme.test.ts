import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

describe('README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, unknown>;
  };

  it('documents every command (regenerate with `npm run readme`)', () => {
    for (const id of Object.keys(manifest.commands)) {
      assert.ok(readme.includes(`## \`ccat-ops ${id.replaceAll(':', ' ')}`), `README lacks a section for ${id}`);
    }
  });

  it('stands on its own: no reference to design documents users do not have', () => {
    assert.doesNotMatch(readme, /\bDESIGN\b|§/);
  });

  it('names the two set-up commands that .ci/run relies on', () => {
    assert.match(readme, /npx ccat-ops db init/);
    assert.match(readme, /^npm test\b/m);
    assert.match(readFileSync(join(root, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });
});
