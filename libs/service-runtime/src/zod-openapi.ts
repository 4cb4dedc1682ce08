// Request validation and its OpenAPI description from one zod schema, so the two cannot drift:
// @ZodBody(schema) validates the body and documents it; @ZodParam(name, schema) does the same for a
// path parameter. setUpOpenApi serves the document at /docs (and the JSON at /docs-json).
import { Body, Param, Query, type INestApplication } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodPipe } from './zod.pipe';
import { BODY_LIMIT_BYTES } from './request-limits';

/** The schema as OpenAPI 3.0 describes what a client sends (before defaults and coercion). */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

type MethodParameterDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

/** Applies a method decorator from inside a parameter decorator (both describe the same handler). */
function onMethod(target: object, key: string | symbol | undefined, decorate: MethodDecorator): void {
  if (key === undefined) throw new Error('@ZodBody/@ZodParam belong on a route handler’s parameter');
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) throw new Error(`no handler ${String(key)} to describe`);
  decorate(target, key, descriptor);
}

/** The request body, validated by `schema` (400 naming the fields) and documented by it. */
export function ZodBody(schema: z.ZodType): MethodParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key as string | symbol, index);
    onMethod(target, key, ApiBody({ schema: openApiSchemaOf(schema) }));
  };
}

/** A path parameter, validated by `schema` (400 naming the parameter) and documented by it. */
export function ZodParam(name: string, schema: z.ZodType): MethodParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodPipe(schema))(target, key as string | symbol, index);
    onMethod(target, key, ApiParam({ name, schema: openApiSchemaOf(schema) }));
  };
}

/** The query string as an object, validated by `schema` (400 naming the parameter) and each parameter documented by it. */
export function ZodQuery(schema: z.ZodObject): MethodParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key as string | symbol, index);
    const json = openApiSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      onMethod(target, key, ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }));
    }
  };
}

/** Serves the service's OpenAPI description at /docs (a browsable page) and /docs-json, or under `path`. */
export function setUpOpenApi(app: INestApplication, service: { title: string; description: string; path?: string; bearerAuth?: boolean }): void {
  // The limits every route shares, next to the per-field ones (lengths, lines per order) the schemas carry.
  const limits = `Request bodies are JSON in UTF-8 of at most ${BODY_LIMIT_BYTES / 1024} KB (larger: 413; another encoding or charset: 415); no string may hold a NUL character (400).`;
  const builder = new DocumentBuilder().setTitle(service.title).setDescription(`${service.description}\n\n${limits}`).setVersion('1');
  const config = (service.bearerAuth ? builder.addBearerAuth() : builder).build();
  const document = SwaggerModule.createDocument(app, config);
  const path = service.path ?? 'docs';
  SwaggerModule.setup(path, app, document, { jsonDocumentUrl: `${path}-json` });
}
