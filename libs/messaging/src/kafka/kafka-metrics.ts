// Kafka for Prometheus, asked of the broker when scraped: how far each of a service's consumer groups
// is behind the end of its topics (a projection's lag, on the read side), and how many messages wait
// in the dead-letter topics of what it consumes, and for how long. A broker that does not answer leaves the gauges
// unset for that scrape instead of failing /metrics.
import type { Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { groupLag } from './consumer-lag';
import { deadLettersOf, oldestMessageTime } from './topic-depths';

export interface WatchedConsumer {
  /** Its name in the metric's label. */
  name: string;
  group: string;
  topics: string[];
}

export interface KafkaMetricsOptions {
  consumers: () => WatchedConsumer[];
  /** The lag gauge's name and label (consumer lag by default; the read side names it projection lag). */
  lag?: { name: string; help: string; label: string };
}

export function registerKafkaMetrics(registry: Registry, kafka: Kafka, options: KafkaMetricsOptions): void {
  const lag = options.lag ?? { name: 'eventshop_consumer_lag_messages', help: 'Messages a consumer group has not handled yet', label: 'consumer' };
  new Gauge({
    name: lag.name,
    help: lag.help,
    labelNames: [lag.label],
    registers: [registry],
    async collect() {
      for (const consumer of options.consumers()) {
        try {
          this.set({ [lag.label]: consumer.name }, await groupLag(kafka, consumer.group, consumer.topics));
        } catch {
          // No answer this scrape.
        }
      }
    },
  });
  // Both dead-letter gauges come from one look at the broker per scrape (a scrape collects them together).
  let looking: Promise<{ topic: string; messages: number; oldestAgeSeconds: number }[]> | undefined;
  const deadLetters = () => {
    looking ??= lookAtDeadLetters(
      kafka,
      options.consumers().flatMap((c) => c.topics),
    ).finally(() => setTimeout(() => (looking = undefined), 1_000).unref());
    return looking;
  };
  const deadLetterGauge = (name: string, help: string, value: (d: { messages: number; oldestAgeSeconds: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['topic'],
      registers: [registry],
      async collect() {
        try {
          for (const d of await deadLetters()) this.set({ topic: d.topic }, value(d));
        } catch {
          // No answer this scrape.
        }
      },
    });
  deadLetterGauge('eventshop_dlq_messages', 'Messages in the dead-letter topics of what the service consumes', (d) => d.messages);
  deadLetterGauge(
    'eventshop_dlq_oldest_age_seconds',
    'How long the oldest message of a dead-letter topic has waited (0 when it is empty)',
    (d) => d.oldestAgeSeconds,
  );
}

/** The dead-letter topics of the consumed topics: how many messages each holds, and how long the oldest has waited. */
async function lookAtDeadLetters(kafka: Kafka, consumed: string[]): Promise<{ topic: string; messages: number; oldestAgeSeconds: number }[]> {
  const depths = await deadLettersOf(kafka, consumed);
  return Promise.all(
    Object.entries(depths).map(async ([topic, messages]) => {
      const oldest = messages > 0 ? await oldestMessageTime(kafka, topic) : undefined;
      return { topic, messages, oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000) };
    }),
  );
}
