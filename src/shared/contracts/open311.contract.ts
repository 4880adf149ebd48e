/**
 * Open311 GeoReport v2 (issue 15 point 6): the JSON shapes of /open311/v2/, for the API
 * documentation. The spec fixes these element names; the XML answers carry the same
 * elements (lists as <services><service>…, <service_requests><request>…). Identifiers are
 * strings. These are not Dudao's own wire shapes: they follow the spec, not our conventions.
 *
 *   GET  /open311/v2/discovery.{json|xml}
 *   GET  /open311/v2/services.{json|xml}
 *   GET  /open311/v2/services/{service_code}.{json|xml}
 *   POST /open311/v2/requests.{json|xml}         form-encoded, or multipart with a `media` file part; api_key required
 *   GET  /open311/v2/requests.{json|xml}         service_request_id, service_code, start_date, end_date, status
 *   GET  /open311/v2/requests/{service_request_id}.{json|xml}
 */
import { Type, type Static } from '@sinclair/typebox';

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Open311ServiceList = Type.Array(
  Type.Object({
    service_code: Type.String(),
    service_name: Type.String(),
    description: Type.String(),
    metadata: Type.Boolean(),
    type: Type.String({ description: 'always realtime: the case number is returned at once' }),
    keywords: Type.String(),
    group: Type.String(),
  }),
);
export type Open311ServiceList = Static<typeof Open311ServiceList>;

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'no category has attributes yet' }),
});
export type Open311ServiceDefinition = Static<typeof Open311ServiceDefinition>;

export const Open311Created = Type.Array(
  Type.Object({ service_request_id: Type.String(), service_notice: Type.String(), account_id: Type.Null() }),
);
export type Open311Created = Static<typeof Open311Created>;

export const Open311RequestList = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    status: Type.String({ description: 'open or closed' }),
    status_notes: Type.String(),
    service_name: Type.String(),
    service_code: Type.String(),
    description: Type.String(),
    agency_responsible: NullableString,
    service_notice: NullableString,
    requested_datetime: Type.String(),
    updated_datetime: Type.String(),
    expected_datetime: NullableString,
    address: NullableString,
    address_id: Type.Null(),
    zipcode: Type.Null(),
    lat: Type.Union([Type.Number(), Type.Null()]),
    long: Type.Union([Type.Number(), Type.Null()]),
    media_url: NullableString,
  }),
);
export type Open311RequestList = Static<typeof Open311RequestList>;

export const Open311Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});
export type Open311Discovery = Static<typeof Open311Discovery>;

/** The spec's error list: `code` is the HTTP status. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
export type Open311Errors = Static<typeof Open311Errors>;

/** Every Open311 route's error replies. */
export const OPEN311_ERRORS = { 400: Open311Errors, 403: Open311Errors, 404: Open311Errors, 429: Open311Errors } as const;
