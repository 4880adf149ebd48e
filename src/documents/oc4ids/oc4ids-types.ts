/**
 * The part of the OC4IDS 0.9.5 project schema Dudao writes (resources/oc4ids/0.9.5/
 * project-schema.json has the full definitions); code values come from oc4ids-codes.ts.
 */
import type {
  DocumentTypeCode,
  MilestoneCodeCode,
  MilestoneStatusCode,
  MilestoneTypeCode,
  PartyRoleCode,
  ProjectSectorCode,
  ProjectStatusCode,
  ProjectTypeCode,
} from './oc4ids-codes.js';

/** Dates and instants are ISO-8601 date-times with an offset (Dudao writes +08:00). */
export interface Oc4idsPeriod {
  startDate?: string;
  endDate?: string;
}

export interface Oc4idsValue {
  amount: number;
  currency: 'CNY';
}

export interface Oc4idsAddress {
  streetAddress?: string;
  locality?: string;
  region?: string;
  countryName?: string;
}

export interface Oc4idsLocation {
  id: string;
  description?: string;
  geometry?: { type: 'Point'; coordinates: [number, number] };
  gazetteer?: { scheme: string; identifiers: string[] };
  address?: Oc4idsAddress;
}

export interface Oc4idsOrganizationReference {
  id: string;
  name: string;
}

export interface Oc4idsParty {
  id: string;
  name: string;
  roles: PartyRoleCode[];
  address?: Oc4idsAddress;
  people?: { id: string; name: string; jobTitle?: string }[];
}

export interface Oc4idsMilestone {
  id: string;
  title: string;
  type?: MilestoneTypeCode;
  code?: MilestoneCodeCode;
  description?: string;
  dueDate?: string;
  dateMet?: string;
  dateModified?: string;
  status?: MilestoneStatusCode;
}

export interface Oc4idsDocument {
  id: string;
  documentType?: DocumentTypeCode;
  title: string;
  description?: string;
  url?: string;
  datePublished?: string;
  format?: string;
  accessDetails?: string;
}

export interface Oc4idsObservation {
  id: string;
  period?: Oc4idsPeriod;
  value?: Oc4idsValue;
  notes?: string;
}

export interface Oc4idsMetric {
  id: 'financialProgress';
  title: string;
  description?: string;
  observations: Oc4idsObservation[];
}

export interface Oc4idsBenefit {
  title: string;
  description: string;
  beneficiaries?: { numberOfPeople: number }[];
}

/** One OC4IDS project. */
export interface Oc4idsProject {
  id: string;
  updated?: string;
  language: 'zh';
  identifiers: { id: string; scheme: string }[];
  publicAuthority: Oc4idsOrganizationReference;
  title: string;
  description?: string;
  status: ProjectStatusCode;
  type?: ProjectTypeCode;
  sector?: ProjectSectorCode[];
  budget?: { amount: Oc4idsValue };
  period?: Oc4idsPeriod;
  identificationPeriod?: Oc4idsPeriod;
  preparationPeriod?: Oc4idsPeriod;
  implementationPeriod?: Oc4idsPeriod;
  completionPeriod?: Oc4idsPeriod;
  completion?: { endDate: string };
  locations?: Oc4idsLocation[];
  parties: Oc4idsParty[];
  milestones?: Oc4idsMilestone[];
  documents?: Oc4idsDocument[];
  metrics?: Oc4idsMetric[];
  benefits?: Oc4idsBenefit[];
}

/** An OC4IDS project package. */
export interface Oc4idsPackage {
  uri: string;
  publisher: { name: string; uid?: string; scheme?: string; uri?: string };
  publishedDate: string;
  version: '0.9';
  license?: string;
  publicationPolicy?: string;
  projects: Oc4idsProject[];
}
