import AjvCompiler from '@fastify/ajv-compiler';

/**
 * Fastify's own validator factory (`@fastify/ajv-compiler`, installed with fastify),
 * split by request part: query strings and path params are coerced (`?page=2` → 2),
 * JSON bodies are taken as sent, so `{"code": 123}` is refused instead of becoming "123".
 */
export function partAwareValidatorFactory(): AjvCompiler.ValidatorFactory {
  const factory = AjvCompiler();
  return (externalSchemas, options) => {
    const coercing = factory(externalSchemas, options);
    const exact = factory(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as typeof options);
    return (route) => (route.httpPart === 'body' ? exact : coercing)(route);
  };
}
