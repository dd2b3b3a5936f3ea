/** Pieces the database stores share. @internal */
import { EngagementError, EngagementStoreError } from '../errors.js';
import type { EngagementModule } from '../gating.js';
import type { ArtifactVersionInfo } from '../schemas.js';
import type { ArtifactVersionRow } from '../store.js';

/** The error for an engagement id that is taken. */
export function duplicateEngagement(id: string): EngagementError {
  return new EngagementError(
    'INVALID_ARGUMENT',
    `Engagement ${id} already exists. Create it with a new id.`,
    {
      engagementId: id,
    },
  );
}

/** A version row's columns, as both SQL stores keep them. */
export interface VersionColumns {
  artifact_id: string;
  engagement_id: string;
  module: string;
  version: number;
  status: string;
  created_at: string;
  approved_at: string | null;
  approved_by: string | null;
  lineage: string;
  inputs_hash: string;
  event: string;
  body?: string;
}

/** The metadata of a version from its columns. */
export function infoFromColumns(c: VersionColumns): ArtifactVersionInfo {
  return {
    version: Number(c.version),
    status: c.status as ArtifactVersionInfo['status'],
    created_at: c.created_at,
    approved_at: c.approved_at,
    approved_by: c.approved_by,
    lineage: JSON.parse(c.lineage) as ArtifactVersionInfo['lineage'],
    inputs_hash: c.inputs_hash,
    event: JSON.parse(c.event) as ArtifactVersionInfo['event'],
  };
}

/** A full row from its columns (body included). */
export function rowFromColumns(c: VersionColumns & { body: string }): ArtifactVersionRow {
  return {
    ...infoFromColumns(c),
    artifact_id: c.artifact_id,
    engagement_id: c.engagement_id,
    module: c.module as EngagementModule,
    body: c.body,
  };
}

/** The column values of a row, in {@link VERSION_COLUMN_NAMES} order. */
export function columnValues(row: ArtifactVersionRow): (string | number | null)[] {
  return [
    row.artifact_id,
    row.engagement_id,
    row.module,
    row.version,
    row.status,
    row.created_at,
    row.approved_at,
    row.approved_by,
    JSON.stringify(row.lineage),
    row.inputs_hash,
    JSON.stringify(row.event),
    row.body,
  ];
}

/** The version table's columns, in {@link columnValues} order. */
export const VERSION_COLUMN_NAMES = [
  'artifact_id',
  'engagement_id',
  'module',
  'version',
  'status',
  'created_at',
  'approved_at',
  'approved_by',
  'lineage',
  'inputs_hash',
  'event',
  'body',
] as const;

/** Metadata columns (everything but the body), comma-separated. */
export const INFO_COLUMNS = VERSION_COLUMN_NAMES.filter((c) => c !== 'body').join(', ');

/** A head that moved inside the write lock: the database was changed behind the store's back. */
export function headsMoved(): EngagementStoreError {
  return new EngagementStoreError(
    'STORE_UNAVAILABLE',
    'An artifact version changed inside a write transaction: something other than aicmo writes to this database. Stop it and retry.',
    { store: 'sql' },
  );
}
