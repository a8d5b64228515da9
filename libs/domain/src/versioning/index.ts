export { compareSemver, isSemver } from './semver';
export { RESERVED_VERSION, isReservedVersion, isVersionRange, trimGoSpace } from './version-range';
export { compareVersions } from './compare-versions';
export type { PublishTime } from './compare-versions';
