/**
 * JSON Schema validation of OC4IDS output against the schemas Dudao ships
 * (resources/oc4ids/0.9.5/), and the shipped codelists.
 *
 * The schemas are draft-04, which Ajv 8 supports only through `ajv-draft-04` (the Ajv team's
 * draft-04 build of the same validator; ajv is already Dudao's validator, so no second engine);
 * `ajv-formats` checks `date-time`, `uri` and `email`. The package schema's `projects` items
 * `$ref` the project schema's remote URL: the shipped project schema is registered under that
 * URL first, so nothing is fetched. Strict mode stays on, with the schema's annotation keywords
 * (codelist, openCodelist, versionId) declared and union types allowed.
 */
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import { OC4IDS_PROJECT_SCHEMA_ID, oc4idsCodelistPath, readOc4idsSchema } from '../../../src/documents/oc4ids/oc4ids-resources.js';

// CommonJS modules whose default export is `exports.default` under NodeNext.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

function makeAjv() {
  // The schema writes several types as one keyword (`"type": ["number", "array"]`), which draft-04 allows.
  const ajv = new Ajv04({ allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'versionId']);
  const projectSchema = readOc4idsSchema('project-schema.json');
  if (projectSchema.id !== OC4IDS_PROJECT_SCHEMA_ID) throw new Error(`unexpected project schema id ${String(projectSchema.id)}`);
  ajv.addSchema(projectSchema);
  return ajv;
}

const ajv = makeAjv();
const projectValidator = ajv.getSchema(OC4IDS_PROJECT_SCHEMA_ID);
const packageValidator = ajv.compile(readOc4idsSchema('project-package-schema.json'));

/** Readable errors: `/projects/0/budget/amount/currency must be equal to one of the allowed values`. */
function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Errors of one project against project-schema.json ([] when valid). */
export function projectErrors(project: unknown): string[] {
  if (!projectValidator) throw new Error('project schema not registered');
  return projectValidator(JSON.parse(JSON.stringify(project))) ? [] : describe(projectValidator.errors);
}

/** Errors of a package against project-package-schema.json ([] when valid). */
export function packageErrors(pkg: unknown): string[] {
  return packageValidator(JSON.parse(JSON.stringify(pkg))) ? [] : describe(packageValidator.errors);
}

/** RFC 4180 rows of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function csvRows(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (row.some((f) => f !== '')) rows.push(row);
    row = [];
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endField();
    } else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      endRow();
    } else {
      field += c;
    }
  }
  endRow();
  return rows;
}

/** The codes (column `Code`) of a shipped codelist, e.g. `projectStatus`. */
export function codelist(name: string): Set<string> {
  const [header, ...rows] = csvRows(readFileSync(oc4idsCodelistPath(`${name}.csv`), 'utf8'));
  const col = header?.indexOf('Code') ?? -1;
  if (col < 0) throw new Error(`${name}.csv has no Code column`);
  return new Set(rows.map((r) => r[col] ?? ''));
}
