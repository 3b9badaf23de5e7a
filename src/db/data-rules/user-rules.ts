import { GITHUB_LOGIN_UNIQUE_ANY_CASE } from '../../../entities/user.js';
import type { DataRule } from './data-rule.js';

/** The rules about users. */
export const USER_RULES: DataRule[] = [
  {
    // Its migration makes the index unique only where no two users share a login in another case.
    name: GITHUB_LOGIN_UNIQUE_ANY_CASE,
    table: 'user',
    rule: 'a GitHub login, in any case, belongs to one user (GitHub logins are case-insensitive)',
    fix: "keep the login on the one user it is (ccat-ops user update USER --github-login ...) and change the others'",
    violations: `select 'users ' || string_agg(u.username, ', ' order by u.username) as key,
                        'GitHub login ' || lower(u.github_login) || ' (in any case) on ' || count(*) || ' users' as detail
                   from "user" u where u.github_login is not null
                  group by lower(u.github_login) having count(*) > 1
                  order by 1`,
    validate: {
      pending: `select not i.indisunique as pending from pg_index i
                 where i.indexrelid = to_regclass('"${GITHUB_LOGIN_UNIQUE_ANY_CASE}"')`,
      apply: [
        `create unique index "${GITHUB_LOGIN_UNIQUE_ANY_CASE}_rekeyed" on "user" (lower(github_login))`,
        `drop index "${GITHUB_LOGIN_UNIQUE_ANY_CASE}"`,
        `alter index "${GITHUB_LOGIN_UNIQUE_ANY_CASE}_rekeyed" rename to "${GITHUB_LOGIN_UNIQUE_ANY_CASE}"`,
      ],
    },
  },
];
