declare const KONSEKI_VERSION: string | undefined;
/** Set by the build (scripts/build.mjs); "0.0.0-dev" when run from source. */
export const VERSION = typeof KONSEKI_VERSION === 'string' ? KONSEKI_VERSION : '0.0.0-dev';
