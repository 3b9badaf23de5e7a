import { Migration } from '@mikro-orm/migrations';

export class Migration20261202012656_executed_lifecycle extends Migration {

  override name = 'Migration20261202012656_executed_lifecycle';

  override up(): void | Promise<void> {
    // NOT VALID, then validated where the old rows allow: new writes are checked at once, and a
    // database with old rows breaking the rule still migrates (`ccat-ops db check --data` lists them).
    this.addSql(`alter table "executed_obs_unit" add constraint "executed_obs_unit_end_time_null_while_running" check ((status = 'running') = (end_time is null)) not valid;`);
    this.addSql(`do $$ begin alter table "executed_obs_unit" validate constraint "executed_obs_unit_end_time_null_while_running";
  exception when check_violation then raise notice 'executed_obs_unit_end_time_null_while_running: old rows break it; see ccat-ops db check --data'; end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "executed_obs_unit" drop constraint "executed_obs_unit_end_time_null_while_running";`);
  }

}
