/** Analyses of Windows execution artifacts (Shimcache, Amcache, Prefetch). */
export { executionAnalyzers, type ExecutionOptions, type HashIndicator } from './analyzers.ts';
export { KNOWN_TOOLS, indexTools, type ToolSignature } from './tools.ts';
export {
  normalizePath,
  locationReasons,
  isMasquerading,
  SYSTEM_BINARIES,
  type NormalPath,
  type LocationReason,
} from './paths.ts';
