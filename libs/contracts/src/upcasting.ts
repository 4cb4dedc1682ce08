// Upcasters turn a stored or received payload of an old schema version into the current one, one step
// at a time (v1 -> v2 -> v3), so old events stay readable forever without rewriting history.
export type Upcast = (data: unknown) => unknown;

export interface VersionedPayload {
  type: string;
  schemaVersion: number;
  data: unknown;
}

export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcast>();
  private readonly latest = new Map<string, number>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for a message type. */
  register(type: string, fromVersion: number, upcast: Upcast): this {
    const key = `${type}@${fromVersion}`;
    if (this.steps.has(key)) throw new Error(`upcaster ${key} is already registered`);
    this.steps.set(key, upcast);
    this.latest.set(type, Math.max(this.latestVersionOf(type), fromVersion + 1));
    return this;
  }

  latestVersionOf(type: string): number {
    return this.latest.get(type) ?? 1;
  }

  upcast(payload: VersionedPayload): VersionedPayload {
    let { schemaVersion, data } = payload;
    const target = this.latestVersionOf(payload.type);
    if (schemaVersion > target) {
      throw new Error(`${payload.type} v${schemaVersion} is newer than this code knows (v${target})`);
    }
    while (schemaVersion < target) {
      const step = this.steps.get(`${payload.type}@${schemaVersion}`);
      if (!step) throw new Error(`no upcaster for ${payload.type} v${schemaVersion} -> v${schemaVersion + 1}`);
      data = step(data);
      schemaVersion += 1;
    }
    return { type: payload.type, schemaVersion, data };
  }
}
