// Open-loop load: requests leave on a fixed schedule whatever the system answers, so a slow system
// builds a queue and shows it in the latencies (a closed loop would politely wait and hide it).
export interface Sent<T> {
  sentAt: number;
  result?: T;
  error?: string;
}

/** Calls send(i) at `rate` per second for `seconds`, never waiting for an answer before the next. */
export async function openLoop<T>(rate: number, seconds: number, send: (i: number) => Promise<T>): Promise<Sent<T>[]> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const sent: Promise<Sent<T>>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = Date.now();
    sent.push(
      send(i).then(
        (result) => ({ sentAt, result }),
        (error: Error) => ({ sentAt, error: error.message }),
      ),
    );
  }
  return Promise.all(sent);
}
