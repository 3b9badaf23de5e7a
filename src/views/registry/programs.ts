import sql from 'sql-template-tag';
import type { ProgramDetail, ProgramView } from '../../services/programs.js';
import { programId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const PROGRAM_SELECT = sql`select p.short_name as "shortName", p.name, p.description,
    p.created_at as "createdAt", p.updated_at as "updatedAt"
  from observing_program p`;

export async function listPrograms(db: Queryable): Promise<ProgramView[]> {
  return rows<ProgramView>(db, sql`${PROGRAM_SELECT} order by p.short_name`);
}

/** A programme with its sub-programmes and how many obs units it has; exit 4 with the nearest short name. */
export async function showProgram(db: Queryable, shortName: string): Promise<ProgramDetail> {
  const id = await programId(db, shortName, 'program');
  const program = (await one<ProgramView>(db, sql`${PROGRAM_SELECT} where p.id = ${id}`))!;
  const subPrograms = await rows<ProgramDetail['subPrograms'][number]>(
    db,
    sql`select short_name as "shortName", name from sub_observing_program
         where observing_program_id = ${id} order by short_name`,
  );
  const { count } = (await one<{ count: number }>(
    db,
    sql`select count(*) as count from obs_unit where observing_program_id = ${id}`,
  ))!;
  return { ...program, subPrograms, obsUnitCount: count };
}
