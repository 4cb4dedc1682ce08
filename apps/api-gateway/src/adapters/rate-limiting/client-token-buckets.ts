// A token bucket per client (limiter's TokenBucket): a client may burst up to `burst` requests, and
// its bucket refills at `refillPerSecond`, so a steady client at that rate is never refused. A new
// client starts with a full bucket; the least recently seen clients are forgotten beyond `maxClients`.
import { TokenBucket } from 'limiter';
import type { RateLimitVerdict } from './rate-limit-verdict';

export interface TokenBucketPolicy {
  burst: number;
  refillPerSecond: number;
}

export class ClientTokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly policy: string;

  constructor(
    private readonly settings: TokenBucketPolicy,
    private readonly maxClients = 100_000,
  ) {
    this.policy = `${settings.burst};w=${Math.ceil(settings.burst / settings.refillPerSecond)}`;
  }

  take(client: string): RateLimitVerdict {
    const bucket = this.bucketOf(client);
    const allowed = bucket.tryRemoveTokens(1);
    const { burst, refillPerSecond } = this.settings;
    const left = bucket.content;
    return {
      allowed,
      limit: burst,
      remaining: Math.max(0, Math.floor(left)),
      resetSeconds: Math.ceil((burst - left) / refillPerSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(bucket.getWaitTime(1) / 1000)),
      policy: this.policy,
    };
  }

  private bucketOf(client: string): TokenBucket {
    let bucket = this.buckets.get(client);
    if (bucket) {
      this.buckets.delete(client); // re-inserted last: the most recently seen
    } else {
      bucket = new TokenBucket({ bucketSize: this.settings.burst, tokensPerInterval: this.settings.refillPerSecond, interval: 'second' });
      bucket.content = this.settings.burst; // limiter starts empty; a new client starts with its whole burst
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(client, bucket);
    return bucket;
  }
}
