import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { OC4IDS_CODES_USED } from '../../../src/documents/oc4ids/oc4ids-codes.js';
import { oc4idsPackage } from '../../../src/documents/oc4ids/oc4ids.js';
import { oc4idsCodelistPath, readOc4idsSchema } from '../../../src/documents/oc4ids/oc4ids-resources.js';
import { ALL_INPUTS, PACKAGE_OPTIONS } from './oc4ids-fixtures.js';
import { codelist } from './oc4ids-validator.js';

/** Every `codelist` annotation of the project schema with whether it is open. */
function schemaCodelists(): Map<string, boolean> {
  const found = new Map<string, boolean>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.codelist === 'string') found.set(o.codelist.replace(/\.csv$/, ''), o.openCodelist === true);
      Object.values(o).forEach(walk);
    }
  };
  walk(readOc4idsSchema('project-schema.json'));
  return found;
}

/** The codes an exported package actually carries, per codelist. */
function codesInOutput(): Record<string, string[]> {
  const pkg = oc4idsPackage(ALL_INPUTS, PACKAGE_OPTIONS);
  const names = [
    'projectStatus',
    'projectType',
    'projectSector',
    'milestoneType',
    'milestoneCode',
    'milestoneStatus',
    'partyRole',
    'documentType',
    'currency',
    'geometryType',
    'metricID',
  ] as const;
  const out = Object.fromEntries(names.map((n) => [n, [] as string[]])) as Record<(typeof names)[number], string[]>;
  for (const p of pkg.projects) {
    out.projectStatus.push(p.status);
    if (p.type) out.projectType.push(p.type);
    out.projectSector.push(...(p.sector ?? []));
    for (const m of p.milestones ?? []) {
      if (m.type) out.milestoneType.push(m.type);
      if (m.code) out.milestoneCode.push(m.code);
      if (m.status) out.milestoneStatus.push(m.status);
    }
    for (const party of p.parties) out.partyRole.push(...party.roles);
    for (const d of p.documents ?? []) if (d.documentType) out.documentType.push(d.documentType);
    if (p.budget) out.currency.push(p.budget.amount.currency);
    for (const l of p.locations ?? []) if (l.geometry) out.geometryType.push(l.geometry.type);
    for (const metric of p.metrics ?? []) {
      out.metricID.push(metric.id);
      for (const o of metric.observations) if (o.value) out.currency.push(o.value.currency);
    }
  }
  return out;
}

describe('OC4IDS codes against the shipped codelists', () => {
  const closed = [...schemaCodelists()].filter(([, open]) => !open).map(([name]) => name);

  it('every codelist the export uses is shipped, and the closed ones among them are known', () => {
    for (const name of Object.keys(OC4IDS_CODES_USED)) expect(existsSync(oc4idsCodelistPath(`${name}.csv`)), name).toBe(true);
    expect(closed).toEqual(expect.arrayContaining(['projectStatus', 'projectType', 'milestoneStatus', 'currency', 'geometryType']));
  });

  it('every code the mapping tables can write is in its codelist', () => {
    for (const [name, codes] of Object.entries(OC4IDS_CODES_USED)) {
      const list = codelist(name);
      for (const code of codes) expect(list.has(code), `${name}: ${code}`).toBe(true);
    }
  });

  it('every code in an exported package is in its codelist; closed codelists are checked without exception', () => {
    const used = codesInOutput();
    const closedUsed = Object.keys(used).filter((name) => closed.includes(name));
    expect(closedUsed.sort()).toEqual(['currency', 'geometryType', 'milestoneStatus', 'projectStatus', 'projectType']);
    for (const [name, codes] of Object.entries(used)) {
      expect(codes.length, `${name} is exercised by the fixtures`).toBeGreaterThan(0);
      const list = codelist(name);
      for (const code of codes) expect(list.has(code), `${name}: ${code}`).toBe(true);
    }
  });

  it('the closed codelists agree with the schema enums Ajv checks', () => {
    const schema = readOc4idsSchema('project-schema.json') as { properties: Record<string, { enum?: string[] }> };
    expect(new Set(schema.properties.status?.enum)).toEqual(codelist('projectStatus'));
    expect(new Set(schema.properties.type?.enum)).toEqual(codelist('projectType'));
  });
});
