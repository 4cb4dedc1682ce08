// How fresh a projection is: up to which offset it has projected each partition of each topic, and
// when it last did — read from the checkpoints it keeps with its rows.
import type { DataSource } from 'typeorm';
import type { Freshness } from '../../application/ports/order-views';
import { ProjectionCheckpointRow } from './projection-checkpoint.entity';

export async function projectionFreshness(dataSource: DataSource, projection: string): Promise<Freshness> {
  const checkpoints = await dataSource.getRepository(ProjectionCheckpointRow).findBy({ projection });
  const currentTo: Freshness['currentTo'] = {};
  for (const c of checkpoints) (currentTo[c.topic] ??= {})[String(c.partition)] = c.lastOffset;
  const newest = checkpoints.reduce<Date | undefined>((latest, c) => (!latest || c.updatedAt > latest ? c.updatedAt : latest), undefined);
  return { currentTo, projectedAt: newest?.toISOString() };
}
