import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #16: existence and size audits check a location's copies in one sweep in path order, a
 * batch of kind `sweep`. Generated; the generator's down() also recreated two functions it compares
 * by name only, left out here as up() does not touch them.
 */
export class Migration20261207124426_audit_sweep extends Migration {

  override name = 'Migration20261207124426_audit_sweep';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_batch" drop constraint "audit_batch_kind_check";`);
    this.addSql(`alter table "audit_batch" add constraint "audit_batch_kind_check" check ("kind" in ('copies', 'dark', 'sweep'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_batch" drop constraint "audit_batch_kind_check";`);
    this.addSql(`alter table "audit_batch" add constraint "audit_batch_kind_check" check ("kind" in ('copies', 'dark'));`);
  }

}
