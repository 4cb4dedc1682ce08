// Named fallbacks tried in order — e.g. primary provider, secondary provider, queue-and-retry-later —
// until one answers. A business answer (a decline) is an answer: it ends the chain, it is not retried
// elsewhere, or a card declined by one provider would be tried on the next.
import { FallbacksExhausted } from './errors';

export interface Fallback<T> {
  via: string;
  run(): Promise<T>;
}

export interface Answered<T> {
  value: T;
  via: string;
}

export async function firstAnswer<T>(fallbacks: Fallback<T>[], isBusinessError: (error: unknown) => boolean = () => false): Promise<Answered<T>> {
  const failures: { via: string; error: unknown }[] = [];
  for (const fallback of fallbacks) {
    try {
      return { value: await fallback.run(), via: fallback.via };
    } catch (error) {
      if (isBusinessError(error)) throw error;
      failures.push({ via: fallback.via, error });
    }
  }
  throw new FallbacksExhausted(failures);
}
