// How far a consumer group is behind the end of its topics: for every partition, the messages between
// the group's committed offset (or the partition's start, before its first commit) and the end; and
// who in a group holds which partitions.
import { AssignerProtocol, type Kafka } from 'kafkajs';

export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const { partition, high, low } of ends) {
        const from = done.get(partition) ?? -1;
        lag += Number(high) - (from >= 0 ? from : Number(low));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** The members of a consumer group and the partitions each holds now (after the latest rebalance). */
export async function groupMembers(kafka: Kafka, groupId: string): Promise<{ memberId: string; partitions: Record<string, number[]> }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((member) => {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      return { memberId: member.memberId, partitions: assignment?.assignment ?? {} };
    });
  } finally {
    await admin.disconnect();
  }
}
