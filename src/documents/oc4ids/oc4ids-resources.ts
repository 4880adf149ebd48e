/**
 * Where the OC4IDS schemas and codelists Dudao ships live (resources/oc4ids/0.9.5/, with their
 * licence and provenance in its README). Read from Dudao's own tree, never from elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The OC4IDS release the export follows; the packages say `version: '0.9'`. */
export const OC4IDS_RELEASE = '0.9.5';

/** The folder of the shipped schemas and codelists. */
export const OC4IDS_RESOURCE_DIR = fileURLToPath(new URL(`../../../resources/oc4ids/${OC4IDS_RELEASE}/`, import.meta.url));

/** The `id` of the project schema, which the package schema's `projects` items `$ref` remotely. */
export const OC4IDS_PROJECT_SCHEMA_ID = 'https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json';

/** The shipped schema files. */
export type Oc4idsSchemaFile = 'project-schema.json' | 'project-package-schema.json';

/** Reads one shipped schema (JSON Schema draft-04), e.g. to serve it or to validate an export. */
export function readOc4idsSchema(file: Oc4idsSchemaFile): Record<string, unknown> {
  return JSON.parse(readFileSync(join(OC4IDS_RESOURCE_DIR, file), 'utf8')) as Record<string, unknown>;
}

/** The path of a shipped codelist CSV (columns Code, Title, Description…), e.g. `projectStatus.csv`. */
export function oc4idsCodelistPath(file: string): string {
  return join(OC4IDS_RESOURCE_DIR, 'codelists', file);
}
