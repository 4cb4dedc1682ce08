// The one answer for an order the caller may not see and an order that does not exist: the same 404,
// so that trying ids tells a customer nothing about other customers' orders.
import { problem } from '@eventshop/contracts';
import { ProblemException } from './problem-exception';

export const orderNotFound = (orderId: string) => new ProblemException(problem(404, 'Not found', `no order ${orderId}`));

export const customerNotFound = (customerId: string) => new ProblemException(problem(404, 'Not found', `no customer ${customerId}`));

/** Runs `read`, answering a 404 of the upstream with the same 404 as for an order the caller may not see. */
export async function orNotFound<T>(read: () => Promise<T>, notFound: () => ProblemException): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemException && error.problem.status === 404) throw notFound();
    throw error;
  }
}
