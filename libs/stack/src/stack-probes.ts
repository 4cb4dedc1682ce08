// What a test asks every running instance of the stack after a fault: is it still the process that
// was started (no restart by hand), is it ready again, and what its metrics have counted.
import type { ServiceName, Stack } from './stack';

/** Every instance answering its health URL with 200, from the same process as before; otherwise what is not. */
export async function instancesNotReady(stack: Stack): Promise<string[]> {
  const problems: string[] = [];
  for (const instance of [...stack.instances.values()].flat()) {
    if (!instance.running()) {
      problems.push(`${instance.name} (pid ${instance.pid}) has exited`);
      continue;
    }
    const answer = await fetch(instance.healthUrl, { signal: AbortSignal.timeout(5_000) }).catch((error: Error) => error);
    if (answer instanceof Error) problems.push(`${instance.name}: ${answer.message}`);
    else if (!answer.ok) problems.push(`${instance.name}: ${answer.status} ${await answer.text()}`);
  }
  return problems;
}

/** Messages the inboxes of every running instance recognised as handled before and skipped, since each started. */
export function duplicatesSkipped(stack: Stack): Promise<number> {
  return inboxMessages(stack, ['inventory', 'payment', 'shipping', 'order', 'query'], 'duplicate');
}

/** Messages the inboxes of every running instance of `service` handled (recorded, effects done), since each started. */
export function messagesHandled(stack: Stack, service: ServiceName): Promise<number> {
  return inboxMessages(stack, [service], 'handled');
}

/** The inboxes' count of one outcome (eventshop_inbox_messages_total), over every instance of `services`. */
function inboxMessages(stack: Stack, services: ServiceName[], outcome: 'handled' | 'duplicate'): Promise<number> {
  return metricSum(stack, services, new RegExp(`^eventshop_inbox_messages_total\\{consumer="[^"]+",outcome="${outcome}"\\} (\\d+)$`, 'gm'));
}

/** Sagas every order-service instance has seen complete since it started (its saga duration histogram). */
export function sagasCompleted(stack: Stack): Promise<number> {
  return metricSum(stack, ['order'], /^eventshop_saga_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} (\d+)$/gm);
}

/** The sum, over every instance of `services`, of the /metrics samples `series` matches (the value its first group). */
async function metricSum(stack: Stack, services: ServiceName[], series: RegExp): Promise<number> {
  let sum = 0;
  for (const instance of services.flatMap((service) => stack.instances.get(service) ?? [])) {
    const metrics = await (await fetch(`${instance.url}/metrics`)).text();
    for (const match of metrics.matchAll(series)) sum += Number(match[1]);
  }
  return sum;
}
