/**
 * The schema versions the exports are written to, stated in every document (ECS `ecs.version`,
 * OCSF `metadata.version`, STIX `spec_version`). They are the versions of the definitions the tests
 * validate against (test/export/schemas/: elastic/ecs @ b85f757, ocsf/ocsf-schema @ a5cfc68,
 * oasis-open/cti-stix2-json-schemas @ 3bf9e69); bump them together with those files.
 */
export const ECS_VERSION = '9.5.0-dev';
export const OCSF_VERSION = '1.9.0-dev';
export const STIX_VERSION = '2.1';
