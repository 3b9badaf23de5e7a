import { Migration } from '@mikro-orm/migrations';

/**
 * CHAI details belong only to a configuration of type chai, and such a configuration keeps its type
 * (entities/chai-configuration-type-trigger.ts). Written from the entities' trigger DDL: the
 * generator left out one of the two triggers.
 */
export class Migration20261202051802_chai_details_only_for_chai extends Migration {

  override name = 'Migration20261202051802_chai_details_only_for_chai';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "chai_observation_configuration_only_for_chai_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  config record;
begin
  select c.name, c.type into config from observation_configuration c where c.id = new.id;
  -- An unknown configuration is the foreign key's to refuse.
  if found and config.type <> 'chai' then
    raise exception 'observation configuration % is of type %: only a chai configuration has CHAI details', config.name, config.type
      using errcode = 'check_violation', constraint = 'chai_observation_configuration_only_for_chai',
            hint = 'give the CHAI details to a configuration of type chai';
  end if;
  return new;
end;
$$;
create trigger "chai_observation_configuration_only_for_chai" before insert or update of id on "chai_observation_configuration"
  for each row execute function "chai_observation_configuration_only_for_chai_fn"();
create or replace function "observation_configuration_type_kept_while_chai_details_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from chai_observation_configuration d where d.id = new.id) then
    raise exception 'observation configuration % has CHAI details, so its type stays chai', new.name
      using errcode = 'check_violation', constraint = 'observation_configuration_type_kept_while_chai_details',
            hint = 'delete its CHAI details (chai_observation_configuration) first';
  end if;
  return new;
end;
$$;
create trigger "observation_configuration_type_kept_while_chai_details" before update of type on "observation_configuration"
  for each row when (new.type is distinct from old.type and old.type = 'chai')
  execute function "observation_configuration_type_kept_while_chai_details_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "observation_configuration_type_kept_while_chai_details" on "observation_configuration";`);
    this.addSql(`drop function if exists "observation_configuration_type_kept_while_chai_details_fn"();`);
    this.addSql(`drop trigger if exists "chai_observation_configuration_only_for_chai" on "chai_observation_configuration";`);
    this.addSql(`drop function if exists "chai_observation_configuration_only_for_chai_fn"();`);
  }

}
