import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '/work/main/src/db/orm-config.ts';
const orm = await MikroORM.init(ormOptions({ clientUrl: 'postgres://postgres@127.0.0.1:5432/probe' }));
console.log(await orm.schema.getCreateSchemaSQL());
await orm.close();
