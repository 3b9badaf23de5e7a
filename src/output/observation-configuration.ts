import type { ObservationConfigurationView } from '../services/observation-configurations.js';

/**
 * An observation configuration as `show` fields for people: one line each for the configuration,
 * its INPAR set, its map tile and its module configurations. The keys are those of the JSON
 * (`observationConfiguration`, and inside its `chai`: `inpar`, `tiling`, `moduleConfigurations`).
 */
export function observationConfigurationFields(c: ObservationConfigurationView | null): Record<string, unknown> {
  if (!c) return { observationConfiguration: null };
  const out: Record<string, unknown> = { observationConfiguration: `${c.name} (${c.type})` };
  if (c.parameters) out.parameters = c.parameters;
  if (!c.chai) return out;
  const { inpar: i, tiling: t, moduleConfigurations } = c.chai;
  out.inpar =
    `${i.name}: ${i.lineName} at ${i.restFrequencyGhz} GHz, LO ${i.loFrequencyGhz} GHz ${i.sideband.toUpperCase()},` +
    ` IF ${i.ifFrequencyGhz} GHz, ${i.velocityKms} km/s`;
  out.tiling = t
    ? [
        `${t.name}: ${t.sizeXArcsec} × ${t.sizeYArcsec} arcsec at offset (${t.offsetXArcsec}, ${t.offsetYArcsec}) arcsec`,
        `PA ${t.positionAngleDeg}°`,
        `scan ${t.scanDirection}`,
        t.rowSpacingArcsec === null ? '' : `rows ${t.rowSpacingArcsec} arcsec apart`,
        t.scanSpeedArcsecS === null ? '' : `${t.scanSpeedArcsecS} arcsec/s`,
      ]
        .filter(Boolean)
        .join(', ')
    : 'none (pointed)';
  out.moduleConfigurations = moduleConfigurations.map((m) => {
    const details = [
      m.backend,
      m.bandwidthMhz === null ? '' : `${m.bandwidthMhz} MHz`,
      m.channels === null ? '' : `${m.channels} channels`,
      m.activePixels === null ? '' : `${m.activePixels} pixels`,
    ].filter(Boolean);
    return `${m.module} ${m.name}${details.length ? ` (${details.join(', ')})` : ''}`;
  });
  return out;
}
