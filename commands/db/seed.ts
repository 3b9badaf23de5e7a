import { quietFlag } from '../../src/output/quiet-flag.js';
import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeSeed, seedDatabase, type SeedResult } from '../../src/seed/seed-database.js';

export default class DbSeed extends OpsCommand<typeof DbSeed> {
  static override summary = 'Add reference data: observatory, instruments, sites, routes, programmes, roles.';
  static override description =
    'Adds what is missing and leaves existing rows alone, in one transaction: a bad file changes nothing. ' +
    'The bundled defaults live in data/; copy them to a directory, edit, and pass --seed-dir.';
  static override examples = ['<%= config.bin %> db seed', '<%= config.bin %> db seed --seed-dir ./seed --json'];
  static override flags = {
    ...quietFlag,
    'seed-dir': Flags.directory({
      exists: true,
      summary: 'Seed from the YAML files in this directory instead of the bundled data/.',
    }),
  };

  async run(): Promise<SeedResult> {
    const result = await this.withEm((em) => seedDatabase(em, this.flags['seed-dir']));
    this.done(describeSeed(result));
    return result;
  }
}
