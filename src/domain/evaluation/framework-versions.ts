import { createHash } from 'node:crypto';
import type { FrameworkStatus } from '../../shared/evaluation-enums.js';
import { canonicalJson } from '../audit/audit-chain.js';
import {
  buildFramework,
  normalizeNode,
  treeOrder,
  type FrameworkCheckOptions,
  type FrameworkNode,
  type FrameworkProblem,
  type RawFrameworkNode,
} from './framework.js';

/**
 * Version rules of frameworks (DOMAIN.md §3.1): a version is edited as a draft,
 * published once, and never changes afterwards; a campaign pins one published
 * version. Results refer to standards by code, so if a published version could
 * change, last month's 得分率 would silently be recomputed against other rules.
 */

/** One version of a framework. */
export interface FrameworkVersion {
  id: number;
  /** 1, 2, 3 … within its framework. */
  version: number;
  status: FrameworkStatus;
  /** ISO instant of publication; null for drafts. */
  publishedAt: string | null;
  nodes: readonly FrameworkNode[];
}

/** The part of a campaign that pinning looks at. */
export interface PinnableCampaign {
  /** The pinned version, null until one is pinned. */
  frameworkVersionId: number | null;
  /** Inspections already recorded in the campaign. */
  inspectionCount: number;
}

/**
 * A refused version operation, ready to become an HTTP error: 409 when the state
 * of the version or campaign forbids it, 422 when the framework itself is unsound
 * (then `problems` lists why, row by row).
 */
export class FrameworkRuleError extends Error {
  override readonly name = 'FrameworkRuleError';
  constructor(
    readonly status: 409 | 422,
    readonly code: string,
    message: string,
    readonly problems: readonly FrameworkProblem[] = [],
  ) {
    super(message);
  }
}

/** True when the version may still be edited: only drafts can. */
export function canEdit(version: Pick<FrameworkVersion, 'status'>): boolean {
  return version.status === 'draft';
}

/** Throws a 409 {@link FrameworkRuleError} unless the version is a draft. */
export function assertEditable(version: Pick<FrameworkVersion, 'id' | 'status'>): void {
  if (!canEdit(version))
    throw new FrameworkRuleError(
      409,
      'version_frozen',
      `framework version ${version.id} is ${version.status} and can no longer be changed`,
    );
}

// Freezing the whole value makes "a published version never changes" hold inside
// the process too: an accidental write to a cached version throws in strict mode.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/**
 * The published copy of a draft: status `published`, `publishedAt` = now, nodes in
 * canonical shape and tree order, deeply frozen. Refused (409) for anything but a
 * draft, and (422) for a framework with problems or without a single standard,
 * because a campaign could pin it and then have nothing to check.
 */
export function publish(version: FrameworkVersion, now: Date, opts: FrameworkCheckOptions = {}): FrameworkVersion {
  if (version.status !== 'draft')
    throw new FrameworkRuleError(409, 'not_draft', `framework version ${version.id} is already ${version.status}`);
  const built = buildFramework(version.nodes, opts);
  if (!built.ok)
    throw new FrameworkRuleError(422, 'invalid_framework', `the framework has ${built.problems.length} problem(s)`, built.problems);
  if (built.framework.standards.length === 0)
    throw new FrameworkRuleError(422, 'no_standards', 'a framework needs at least one standard to be published');
  return deepFreeze({
    ...version,
    status: 'published',
    publishedAt: now.toISOString(),
    nodes: built.framework.nodes.map((n) => ({ ...n })),
  });
}

/**
 * The archived copy of a published version: it stays pinned where it is pinned but
 * no new campaign can pin it. Refused (409) unless the version is published.
 */
export function archive(version: FrameworkVersion): FrameworkVersion {
  if (version.status !== 'published')
    throw new FrameworkRuleError(409, 'not_published', `only published versions can be archived; ${version.id} is ${version.status}`);
  return deepFreeze({ ...version, status: 'archived', nodes: version.nodes.map((n) => ({ ...n })) });
}

/**
 * A new draft starting from any version's nodes (the way to "edit" a published
 * framework). The copy is mutable and shares nothing with its source.
 */
export function draftFrom(source: FrameworkVersion, next: { id: number; version: number }): FrameworkVersion {
  return {
    id: next.id,
    version: next.version,
    status: 'draft',
    publishedAt: null,
    nodes: source.nodes.map((n) => ({
      ...n,
      ...(n.pointTypes ? { pointTypes: [...n.pointTypes] } : {}),
      ...(n.passRule ? { passRule: { ...n.passRule } } : {}),
    })),
  };
}

/**
 * The campaign with the version pinned. Only published versions can be pinned
 * (409 `version_not_published`): a draft may still change and an archived one is
 * retired. Pinning the version already pinned is a no-op. Switching to another
 * version is refused (409 `campaign_started`) once the campaign has inspections,
 * because its results would then mix the standards of two versions.
 */
export function pinVersion<C extends PinnableCampaign>(campaign: C, version: Pick<FrameworkVersion, 'id' | 'status'>): C {
  if (campaign.frameworkVersionId === version.id) return campaign;
  if (version.status !== 'published')
    throw new FrameworkRuleError(
      409,
      'version_not_published',
      `framework version ${version.id} is ${version.status}; only published versions can be pinned`,
    );
  if (campaign.frameworkVersionId !== null && campaign.inspectionCount > 0) {
    throw new FrameworkRuleError(409, 'campaign_started', 'the campaign already has inspections against its pinned version');
  }
  return { ...campaign, frameworkVersionId: version.id };
}

/**
 * SHA-256 (hex) of the framework's canonical form: nodes normalised (see
 * `normalizeNode`: import rows dropped, point types sorted, defaults filled) in tree
 * order, as canonical JSON. Equal digests mean the same framework, which is how an
 * Excel export → import round trip is shown to lose nothing. Sibling order counts
 * (it is the order of the checklist) but the order rows are listed in does not.
 */
export function frameworkDigest(nodes: readonly RawFrameworkNode[]): string {
  const canonical = treeOrder(nodes).map(normalizeNode);
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}
