// A catalogue of the messages each topic may carry: type -> current schema, plus the upcasters that
// bring older versions up to it. Decoding anything from outside goes through here, so an unknown type,
// a future version or a payload that fails its schema is a ContractViolation — never a half-parsed object.
import { z } from 'zod';
import { newEnvelope, type Envelope, type EnvelopeMetadata } from './envelope';
import { UpcasterRegistry, type Upcast, type VersionedPayload } from './upcasting';

export interface MessageDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  /** The current schema; its version is one more than the number of upcasters. */
  schema: S;
  /** upcasters[i] turns version i+1 into version i+2. */
  upcasters: Upcast[];
}

export function defineMessage<T extends string, S extends z.ZodType>(type: T, schema: S, upcasters: Upcast[] = []): MessageDefinition<T, S> {
  return { type, schema, upcasters };
}

/** The payload a message definition describes (after validation and upcasting). */
export type DataOf<D extends MessageDefinition> = z.infer<D['schema']>;

export type MessageOf<D extends MessageDefinition> = { type: D['type']; data: DataOf<D> };

/** Raised for input that breaks a contract: never retried, always dead-lettered or answered with 400. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface TopicCatalog {
  definitions: Map<string, MessageDefinition>;
  upcasters: UpcasterRegistry;
}

export class MessageCatalog {
  private readonly byTopic = new Map<string, TopicCatalog>();

  add(topic: string, ...definitions: MessageDefinition[]): this {
    const entry = this.byTopic.get(topic) ?? { definitions: new Map(), upcasters: new UpcasterRegistry() };
    for (const definition of definitions) {
      if (entry.definitions.has(definition.type)) throw new Error(`${definition.type} is already on ${topic}`);
      entry.definitions.set(definition.type, definition);
      definition.upcasters.forEach((step, i) => entry.upcasters.register(definition.type, i + 1, step));
    }
    this.byTopic.set(topic, entry);
    return this;
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  typesOf(topic: string): string[] {
    return [...(this.byTopic.get(topic)?.definitions.keys() ?? [])];
  }

  currentVersionOf(topic: string, type: string): number {
    return this.byTopic.get(topic)?.upcasters.latestVersionOf(type) ?? 1;
  }

  /** Upcasts to the current version and validates; returns the parsed data of the current version. */
  parse(topic: string, payload: VersionedPayload): VersionedPayload {
    const entry = this.byTopic.get(topic);
    const definition = entry?.definitions.get(payload.type);
    if (!entry || !definition) throw new ContractViolation(`unknown message type ${payload.type} on ${topic}`);
    let current: VersionedPayload;
    try {
      current = entry.upcasters.upcast(payload);
    } catch (error) {
      throw new ContractViolation((error as Error).message);
    }
    const result = definition.schema.safeParse(current.data);
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const summary = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
      throw new ContractViolation(`${payload.type} v${current.schemaVersion} is invalid: ${summary}`, issues);
    }
    return { ...current, data: result.data };
  }
}

export interface EnvelopeOptions {
  correlationId: string;
  causedBy?: Pick<EnvelopeMetadata, 'messageId' | 'traceparent'>;
}

/** A validated envelope for an outgoing message, at the definition's current version. */
export function envelopeOf<D extends MessageDefinition>(definition: D, data: z.input<D['schema']>, options: EnvelopeOptions): Envelope<z.infer<D['schema']>> {
  const result = definition.schema.safeParse(data);
  if (!result.success) {
    const summary = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ContractViolation(`outgoing ${definition.type} is invalid: ${summary}`);
  }
  // safeParse on a generic schema is typed unknown; it is the schema's output by construction.
  const valid = result.data as z.infer<D['schema']>;
  return newEnvelope({ type: definition.type, schemaVersion: definition.upcasters.length + 1, data: valid, ...options });
}
