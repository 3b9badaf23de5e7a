import { Migration } from '@mikro-orm/migrations';

/**
 * A GitHub login, in any case, belongs to one user (entities/user.ts): a unique index on its lower
 * case. Where users already share a login in another case, the index is made without uniqueness
 * and the rule waits: `ccat-ops db check --data` lists them, `--validate` makes it unique once they
 * are fixed (src/db/data-rules/user-rules.ts).
 */
export class Migration20261207231000_github_login_any_case extends Migration {

  override name = 'Migration20261207231000_github_login_any_case';

  override up(): void | Promise<void> {
    this.addSql(`do $$
begin
  if exists (select 1 from "user" where github_login is not null group by lower(github_login) having count(*) > 1) then
    create index "user_github_login_unique_any_case" on "user" (lower(github_login));
  else
    create unique index "user_github_login_unique_any_case" on "user" (lower(github_login));
  end if;
end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "user_github_login_unique_any_case";`);
  }

}
