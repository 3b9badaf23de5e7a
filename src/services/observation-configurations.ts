import type { ObservationConfigurationType, ScanDirection, Sideband } from '../../entities/index.js';

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
