/** The middle of the measurements (the upper middle of an even count), as every benchmark here reports. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
