// A fake provider's configuration from the environment, validated like the services': where it listens
// (HOST, PORT) and the name it reports in its answers (PROVIDER_NAME).
import { z } from 'zod';

export interface FakeProviderConfig {
  host: string;
  port: number;
  name: string;
}

export function fakeProviderConfigFromEnv(defaults: { port: number; name: string }, env: NodeJS.ProcessEnv = process.env): FakeProviderConfig {
  const schema = z.object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaults.port),
    PROVIDER_NAME: z.string().min(1).default(defaults.name),
  });
  const result = schema.safeParse(env);
  if (!result.success) throw new Error(`invalid configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { host: result.data.HOST, port: result.data.PORT, name: result.data.PROVIDER_NAME };
}
