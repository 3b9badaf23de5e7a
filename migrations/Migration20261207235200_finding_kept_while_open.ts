import { Migration } from '@mikro-orm/migrations';

/**
 * An open audit finding on a copy is not deleted (entities/audit-finding-lock-trigger.ts,
 * audit_finding_kept_while_open): deleting it by hand, by pruning its audit run (the findings go with
 * it) or by TRUNCATE gave a damaged archive copy its trust back, and the SOURCE copies relying on it
 * could go. It is resolved first. Written from the entity's trigger DDL (and the TRUNCATE trigger of
 * entities/truncate-triggers.ts).
 */
export class Migration20261207235200_finding_kept_while_open extends Migration {

  override name = 'Migration20261207235200_finding_kept_while_open';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "audit_finding_kept_while_open_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  f record;
begin
  if tg_op = 'TRUNCATE' then
    select a.id, a.kind, a.physical_copy_id into f from audit_finding a
     where a.resolved_at is null and a.physical_copy_id is not null limit 1;
    if not found then
      return null;
    end if;
  else
    f := old;
  end if;
  raise exception 'audit finding % (%) on physical copy % is open and is not deleted', f.id, f.kind, f.physical_copy_id
    using errcode = 'restrict_violation', constraint = 'audit_finding_kept_while_open',
          hint = 'resolve it first: an audit that finds the copy fine does (ccat-ops audit copies), or set resolved_at and resolution';
end;
$$;`);
    this.addSql(`create trigger "audit_finding_kept_while_open" before delete on "audit_finding"
  for each row when (old.resolved_at is null and old.physical_copy_id is not null)
  execute function "audit_finding_kept_while_open_fn"();`);
    this.addSql(`create trigger "audit_finding_kept_while_open_on_truncate" before truncate on "audit_finding"
  for each statement execute function "audit_finding_kept_while_open_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "audit_finding_kept_while_open_on_truncate" on "audit_finding";`);
    this.addSql(`drop trigger if exists "audit_finding_kept_while_open" on "audit_finding";`);
    this.addSql(`drop function if exists "audit_finding_kept_while_open_fn"();`);
  }

}
