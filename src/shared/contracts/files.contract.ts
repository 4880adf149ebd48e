/**
 * Wire shapes of case photos (/api/files…): which file and which variant. The reply is
 * the image itself (see the route's Binary reply).
 */
import { Type, type Static } from '@sinclair/typebox';
import { FILE_VARIANTS } from '../case-enums.js';
import { IdString, StringEnum } from './common.contract.js';

/** GET /api/files/:id/:variant. */
export const FileParams = Type.Object({ id: IdString(), variant: StringEnum(FILE_VARIANTS) }, { additionalProperties: false });
export type FileParams = Static<typeof FileParams>;
