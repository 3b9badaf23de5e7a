import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ChaiObservationConfigurationSchema,
  ObservationConfigurationSchema,
  type ObservationConfigurationType,
  type ScanDirection,
  type Sideband,
} from '../../entities/index.js';

export interface ChaiInparView {
  name: string;
  lineName: string;
  restFrequencyGhz: number;
  loFrequencyGhz: number;
  sideband: Sideband;
  ifFrequencyGhz: number;
  velocityKms: number;
  parameters: Record<string, unknown> | null;
}

export interface ChaiTilingView {
  name: string;
  offsetXArcsec: number;
  offsetYArcsec: number;
  sizeXArcsec: number;
  sizeYArcsec: number;
  positionAngleDeg: number;
  scanDirection: ScanDirection;
  rowSpacingArcsec: number | null;
  scanSpeedArcsecS: number | null;
}

export interface ChaiModuleConfigurationView {
  /** `INSTRUMENT/MODULE`. */
  module: string;
  name: string;
  backend: string | null;
  bandwidthMhz: number | null;
  channels: number | null;
  activePixels: number | null;
}

/** The CHAI part of an observation configuration. */
export interface ChaiSetupView {
  inpar: ChaiInparView;
  /** Null for a pointed observation. */
  tiling: ChaiTilingView | null;
  moduleConfigurations: ChaiModuleConfigurationView[];
}

export interface ObservationConfigurationView {
  name: string;
  type: ObservationConfigurationType;
  description: string | null;
  parameters: Record<string, unknown> | null;
  /** Present for a CHAI configuration that has its CHAI row. */
  chai: ChaiSetupView | null;
}

/** An observation configuration with its CHAI setup (INPAR, tiling, module configurations) where it has one. */
export async function describeObservationConfiguration(
  em: EntityManager,
  id: number,
): Promise<ObservationConfigurationView> {
  const c = await em.findOneOrFail(ObservationConfigurationSchema, { id });
  const chai = await findChai(em, id);
  return {
    name: c.name,
    type: c.type,
    description: c.description ?? null,
    parameters: c.parameters ?? null,
    chai: chai ? chaiView(chai) : null,
  };
}

const findChai = (em: EntityManager, id: number) =>
  em.findOne(
    ChaiObservationConfigurationSchema,
    { observationConfiguration: id },
    { populate: ['chaiInparParameter', 'chaiTiling', 'chaiModuleConfigurations.instrumentModule.instrument'] },
  );

/** Double columns come back from the driver as numbers or numeric strings. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type LoadedChai = NonNullable<Awaited<ReturnType<typeof findChai>>>;

function chaiView(chai: LoadedChai): ChaiSetupView {
  const i = chai.chaiInparParameter.$;
  const t = chai.chaiTiling?.$;
  return {
    inpar: {
      name: i.name,
      lineName: i.lineName,
      restFrequencyGhz: Number(i.restFrequencyGhz),
      loFrequencyGhz: Number(i.loFrequencyGhz),
      sideband: i.sideband,
      ifFrequencyGhz: Number(i.ifFrequencyGhz),
      velocityKms: Number(i.velocityKms),
      parameters: i.parameters ?? null,
    },
    tiling: t
      ? {
          name: t.name,
          offsetXArcsec: Number(t.offsetXArcsec),
          offsetYArcsec: Number(t.offsetYArcsec),
          sizeXArcsec: Number(t.sizeXArcsec),
          sizeYArcsec: Number(t.sizeYArcsec),
          positionAngleDeg: Number(t.positionAngleDeg),
          scanDirection: t.scanDirection,
          rowSpacingArcsec: num(t.rowSpacingArcsec),
          scanSpeedArcsecS: num(t.scanSpeedArcsecS),
        }
      : null,
    moduleConfigurations: chai.chaiModuleConfigurations
      .getItems()
      .map((m) => ({
        module: `${m.instrumentModule.unwrap().instrument.unwrap().name}/${m.instrumentModule.unwrap().name}`,
        name: m.name,
        backend: m.backend ?? null,
        bandwidthMhz: num(m.bandwidthMhz),
        channels: m.channels ?? null,
        activePixels: m.activePixels ?? null,
      }))
      .sort((a, b) => a.module.localeCompare(b.module) || a.name.localeCompare(b.name)),
  };
}
