/** The `debug` package oclif logs through (`DEBUG=*`); only the parts `cli-runtime` replaces. */
declare module 'debug' {
  const debug: {
    /** Writes one formatted debug line; every logger without a `log` of its own calls this one. */
    log: (...args: unknown[]) => unknown;
    /** The `util.inspect` options it formats with (from the `DEBUG_*` variables). */
    inspectOpts: import('node:util').InspectOptions;
  };
  export default debug;
}
