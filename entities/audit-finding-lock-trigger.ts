import type { TriggerDef } from '@mikro-orm/core';

export const AUDIT_FINDING_LOCKS_ARCHIVE_COPY = 'audit_finding_locks_its_archive_copy';

/**
 * An open audit finding on a copy in a long-term archive takes that copy's trust away
 * (`raw_data_package_verified_in_lta`), and with it the permission to delete the copies that rely on
 * it. A writer that relies on an archive copy reads it `for share` (`copy schedule-deletion` does, at
 * every location it schedules): inserting a finding only takes a key-share lock on the copy (its
 * foreign key), which does not conflict, so a finding recorded meanwhile would let a copy be scheduled
 * on the word of an archive copy that no longer has it. So the finding locks its archive copy
 * `for no key update` as it opens (inserted open, or reopened or pointed at another copy): it waits for
 * a transaction relying on the copy, or that transaction waits for it and then sees the finding.
 * Statement-level on insert, so an audit's batch of findings locks its copies once, in id order (as
 * schedule-deletion does: no deadlock between them); row-level on the rare update that opens one.
 * It then writes the copy (its `updated_at`): a lock alone leaves no trace a REPEATABLE READ
 * transaction could see, and one that took its snapshot before the finding committed would go on
 * relying on the copy; reading a row written since its snapshot `for share` (as the deletion guard
 * and schedule-deletion do) fails it with a serialization failure instead, to be retried.
 */
export const AUDIT_FINDING_LOCK_FUNCTION = `create or replace function "${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_level = 'ROW' then
    perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
     where c.id = new.physical_copy_id and l.location_type = 'long_term_archive'
       for no key update of c;
    if found then
      update physical_copy set updated_at = now() where id = new.physical_copy_id;
    end if;
    return new;
  end if;
  perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
   where c.id in (select n.physical_copy_id from new_rows n where n.physical_copy_id is not null and n.resolved_at is null)
     and l.location_type = 'long_term_archive'
   order by c.id
     for no key update of c;
  update physical_copy c set updated_at = now() from data_location l
   where l.id = c.data_location_id and l.location_type = 'long_term_archive'
     and c.id in (select n.physical_copy_id from new_rows n where n.physical_copy_id is not null and n.resolved_at is null);
  return null;
end;
$$;`;

export const AUDIT_FINDING_LOCK_TRIGGERS: TriggerDef[] = [
  {
    name: AUDIT_FINDING_LOCKS_ARCHIVE_COPY,
    timing: 'after',
    events: ['insert'],
    forEach: 'statement',
    expression: `${AUDIT_FINDING_LOCK_FUNCTION}
create trigger "${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}" after insert on "audit_finding"
  referencing new table as new_rows
  for each statement execute function "${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}_fn"();`,
  },
  {
    name: `${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}_on_reopen`,
    timing: 'before',
    events: ['update'],
    expression: `create trigger "${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}_on_reopen" before update of resolved_at, physical_copy_id on "audit_finding"
  for each row when (new.physical_copy_id is not null and new.resolved_at is null
                     and (old.resolved_at is not null or old.physical_copy_id is distinct from new.physical_copy_id))
  execute function "${AUDIT_FINDING_LOCKS_ARCHIVE_COPY}_fn"();`,
  },
];

export const AUDIT_FINDING_KEPT_WHILE_OPEN = 'audit_finding_kept_while_open';

/**
 * An open finding on a copy is what keeps the copies relying on it (`raw_data_package_verified_in_lta`):
 * deleting its row, by hand, by pruning old audit runs (their findings go with them) or by TRUNCATE,
 * would give a damaged archive copy its trust back without anyone saying it is fine. So an open
 * finding on a copy is not deleted: it is resolved (a later audit that finds the copy fine does, or a
 * writer sets `resolved_at` and `resolution`), and may go then. A finding whose copy was deleted has
 * no copy any more (the foreign key empties it) and may go. TRUNCATE, which runs no row trigger, is
 * refused while any such finding is open (see entities/truncate-triggers.ts).
 */
export const AUDIT_FINDING_KEPT_FUNCTION = `create or replace function "${AUDIT_FINDING_KEPT_WHILE_OPEN}_fn"() returns trigger
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
    using errcode = 'restrict_violation', constraint = '${AUDIT_FINDING_KEPT_WHILE_OPEN}',
          hint = 'resolve it first: an audit that finds the copy fine does (ccat-ops audit copies), or set resolved_at and resolution';
end;
$$;`;

export const auditFindingKeptWhileOpen: TriggerDef = {
  name: AUDIT_FINDING_KEPT_WHILE_OPEN,
  timing: 'before',
  events: ['delete'],
  expression: `${AUDIT_FINDING_KEPT_FUNCTION}
create trigger "${AUDIT_FINDING_KEPT_WHILE_OPEN}" before delete on "audit_finding"
  for each row when (old.resolved_at is null and old.physical_copy_id is not null)
  execute function "${AUDIT_FINDING_KEPT_WHILE_OPEN}_fn"();`,
};

/** See DELETION_GUARD_ON_TRUNCATE on why it is no entity trigger. */
export const AUDIT_FINDING_KEPT_ON_TRUNCATE = `create trigger "${AUDIT_FINDING_KEPT_WHILE_OPEN}_on_truncate" before truncate on "audit_finding"
  for each statement execute function "${AUDIT_FINDING_KEPT_WHILE_OPEN}_fn"();`;
