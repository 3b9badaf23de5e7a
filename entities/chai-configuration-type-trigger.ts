import type { TriggerDef } from '@mikro-orm/core';

export const CHAI_DETAILS_ONLY_FOR_CHAI = 'chai_observation_configuration_only_for_chai';

/**
 * CHAI details (chai_observation_configuration, same id as its observation configuration) belong
 * only to a configuration of type `chai`: refused when written for another type, and a
 * configuration that has them keeps its type. A trigger pair because the type lives on the other
 * table.
 */
export const chaiDetailsTrigger: TriggerDef = {
  name: CHAI_DETAILS_ONLY_FOR_CHAI,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${CHAI_DETAILS_ONLY_FOR_CHAI}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  config record;
begin
  select c.name, c.type into config from observation_configuration c where c.id = new.id;
  -- An unknown configuration is the foreign key's to refuse.
  if found and config.type <> 'chai' then
    raise exception 'observation configuration % is of type %: only a chai configuration has CHAI details', config.name, config.type
      using errcode = 'check_violation', constraint = '${CHAI_DETAILS_ONLY_FOR_CHAI}',
            hint = 'give the CHAI details to a configuration of type chai';
  end if;
  return new;
end;
$$;
create trigger "${CHAI_DETAILS_ONLY_FOR_CHAI}" before insert or update of id on "chai_observation_configuration"
  for each row execute function "${CHAI_DETAILS_ONLY_FOR_CHAI}_fn"();`,
};

export const TYPE_KEPT_WHILE_CHAI_DETAILS = 'observation_configuration_type_kept_while_chai_details';

/** The other half: a configuration with CHAI details cannot change its type away from `chai`. */
export const chaiTypeKeptTrigger: TriggerDef = {
  name: TYPE_KEPT_WHILE_CHAI_DETAILS,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${TYPE_KEPT_WHILE_CHAI_DETAILS}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from chai_observation_configuration d where d.id = new.id) then
    raise exception 'observation configuration % has CHAI details, so its type stays chai', new.name
      using errcode = 'check_violation', constraint = '${TYPE_KEPT_WHILE_CHAI_DETAILS}',
            hint = 'delete its CHAI details (chai_observation_configuration) first';
  end if;
  return new;
end;
$$;
create trigger "${TYPE_KEPT_WHILE_CHAI_DETAILS}" before update of type on "observation_configuration"
  for each row when (new.type is distinct from old.type and old.type = 'chai')
  execute function "${TYPE_KEPT_WHILE_CHAI_DETAILS}_fn"();`,
};
