// Kafka for Prometheus, asked of the broker when scraped: how far each of a service's consumer groups
// is behind the end of its topics (a projection's lag, on the read side), and how many messages wait
// in the dead-letter topics of what it consumes. A broker that does not answer leaves the gauges
// unset for that scrape instead of failing /metrics.
import type { Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { groupLag } from './consumer-lag';
import { topicDepths } from './topic-depths';

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
  new Gauge({
    name: 'eventshop_dlq_messages',
    help: 'Messages in the dead-letter topics of what the service consumes',
    labelNames: ['topic'],
    registers: [registry],
    async collect() {
      const deadLetterTopics = new Set(options.consumers().flatMap((c) => c.topics.map((t) => `${t}.dlq`)));
      try {
        const depths = await topicDepths(kafka, '', (topic) => deadLetterTopics.has(topic));
        for (const [topic, messages] of Object.entries(depths)) this.set({ topic }, messages);
      } catch {
        // No answer this scrape.
      }
    },
  });
}
