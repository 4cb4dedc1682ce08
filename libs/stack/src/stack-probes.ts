// What a test asks every running instance of the stack after a fault: is it still the process that
// was started (no restart by hand), is it ready again, and how many redelivered copies did its inboxes skip.
import { isAlive } from '@eventshop/testing';
import type { ServiceName, Stack } from './stack';

const consuming: ServiceName[] = ['inventory', 'payment', 'shipping', 'order', 'query'];

/** Every instance's /health/ready (or /health for the fakes) answering 200, from the same process as before; otherwise what is not. */
export async function instancesNotReady(stack: Stack): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, instances] of stack.instances) {
    for (const instance of instances) {
      if (!isAlive(instance.pid)) {
        problems.push(`${instance.name} (pid ${instance.pid}) has exited`);
        continue;
      }
      const path = consuming.includes(name) || name === 'gateway' ? '/health/ready' : '/health';
      const answer = await fetch(`${instance.url}${path}`, { signal: AbortSignal.timeout(5_000) }).catch((error: Error) => error);
      if (answer instanceof Error) problems.push(`${instance.name}: ${answer.message}`);
      else if (!answer.ok) problems.push(`${instance.name}: ${answer.status} ${await answer.text()}`);
    }
  }
  return problems;
}

/** Messages the inboxes of every running instance recognised as handled before and skipped, since each started. */
export async function duplicatesSkipped(stack: Stack): Promise<number> {
  let skipped = 0;
  for (const service of consuming) {
    for (const instance of stack.instances.get(service) ?? []) {
      const metrics = await (await fetch(`${instance.url}/metrics`)).text();
      for (const match of metrics.matchAll(/^eventshop_inbox_messages_total\{consumer="[^"]+",outcome="duplicate"\} (\d+)$/gm)) skipped += Number(match[1]);
    }
  }
  return skipped;
}

/** Sagas every order-service instance has seen complete since it started (its saga duration histogram). */
export async function sagasCompleted(stack: Stack): Promise<number> {
  let completed = 0;
  for (const instance of stack.instances.get('order') ?? []) {
    const metrics = await (await fetch(`${instance.url}/metrics`)).text();
    for (const match of metrics.matchAll(/^eventshop_saga_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} (\d+)$/gm)) completed += Number(match[1]);
  }
  return completed;
}
