// Who is asking, and what that lets them see. A customer sees only their own orders; another's order
// is answered exactly as an order that does not exist (a 403 would confirm that it does). An admin
// sees every order and may resume a parked saga.

export type Role = 'customer' | 'admin';

export interface Caller {
  /** The token's subject: the customer's id (an admin's own id for an admin). */
  customerId: string;
  role: Role;
}

/** Whether the caller may see an order (or a customer's orders) owned by `ownerId`. */
export function maySee(caller: Caller, ownerId: string | undefined): boolean {
  return caller.role === 'admin' || (ownerId !== undefined && ownerId === caller.customerId);
}

/** Whether the caller may place an order for `customerId`: a customer only for themselves. */
export function mayOrderFor(caller: Caller, customerId: string): boolean {
  return caller.role === 'admin' || caller.customerId === customerId;
}
