import { Migration } from '@mikro-orm/migrations';

/**
 * An execution `file register --obs-unit` recorded keeps what the run was asked (register_run) until
 * a run of it ends with every file registered: running the same command again after an interruption
 * adds the rest of the files to it instead of recording a second execution. At most one such
 * unfinished registration per obs unit and command (executed_obs_unit_one_open_register_run).
 */
export class Migration20261207232000_register_run extends Migration {

  override name = 'Migration20261207232000_register_run';

  override up(): void | Promise<void> {
    this.addSql(`alter table "executed_obs_unit" add "register_run" text null;`);
    this.addSql(`create unique index "executed_obs_unit_one_open_register_run" on "executed_obs_unit" ("obs_unit_id", "register_run") where register_run is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "executed_obs_unit_one_open_register_run";`);
    this.addSql(`alter table "executed_obs_unit" drop column "register_run";`);
  }

}
