// Dead letters counted on the broker: every `<topic>.dlq` of this deployment (its TOPIC_PREFIX), with
// the prefix taken off the names so that every deployment shows the same topics.
import { createKafka, deadLetterDepths } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { DeadLetters } from '../../application/ports/dead-letters';

export class KafkaDeadLetters implements DeadLetters {
  private readonly kafka: ReturnType<typeof createKafka>;

  constructor(
    brokers: string[],
    private readonly topicPrefix: string,
    logger: Logger,
  ) {
    this.kafka = createKafka({ brokers, clientId: 'query-service-dead-letters', logger });
  }

  async depths(): Promise<{ topic: string; messages: number }[]> {
    const depths = await deadLetterDepths(this.kafka, this.topicPrefix);
    return Object.entries(depths).map(([topic, messages]) => ({ topic: topic.slice(this.topicPrefix.length), messages }));
  }
}
