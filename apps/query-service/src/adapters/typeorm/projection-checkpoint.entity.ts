// The projection_checkpoints table: per projection, topic and partition, the last offset projected —
// written in the transaction of the rows it covers, so a redelivered fact is recognised and skipped.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointRow {
  @PrimaryColumn({ type: 'text' })
  projection!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  /** Kafka offsets are 64-bit: kept as bigint, read as a string. */
  @Column({ name: 'last_offset', type: 'bigint' })
  lastOffset!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
