/**
 * The name `package create` gives the raw data package of one (execution, module):
 * `<execution id>_<instrument>_<module>`, e.g. `5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f_Prime-Cam_280-GHz`.
 * The full execution id makes it unique (one package per execution and module) and sorts an
 * execution's packages together; instrument and module names keep only letters, digits, `.`, `+`
 * and `-` (any other run of characters becomes one `-`), so the name is also a safe file name and
 * `_` only ever separates the three parts.
 */
export function packageName(executedId: string, instrument: string, module: string): string {
  return `${executedId.toLowerCase()}_${slug(instrument)}_${slug(module)}`;
}

/** Where the tar of a package is expected, relative to a location's root, until one is written. */
export const defaultTarPath = (name: string): string => `packages/${name}.tar`;

const slug = (text: string): string => text.replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^-+|-+$/g, '') || '-';
