import { Migration } from '@mikro-orm/migrations';

export class Migration20261201222844_outside_root extends Migration {

  override name = 'Migration20261201222844_outside_root';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_run" add "outside_root" bigint not null default '0';`);

    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_kind_check";`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_kind_check" check ("kind" in ('missing', 'size_mismatch', 'checksum_mismatch', 'dark', 'unreadable', 'unknown_algorithm', 'outside_root'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_kind_check";`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_kind_check" check ("kind" in ('missing', 'size_mismatch', 'checksum_mismatch', 'dark', 'unreadable', 'unknown_algorithm'));`);

    this.addSql(`alter table "audit_run" drop column "outside_root";`);
  }

}
