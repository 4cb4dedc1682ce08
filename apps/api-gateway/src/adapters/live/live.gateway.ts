// /api/v1/live: order status over WebSocket (fed by the read side's SSE). Connect with
// `?token=<access token>` (browsers cannot set headers on a WebSocket), then send
//   {"event":"subscribe","data":{"orderId":"..."}}  one order, from its first change
//   {"event":"subscribe","data":{"mine":true}}      all of one's orders (an admin: every order), from now
//   {"event":"unsubscribe","data":{...the same}}
// and receive {"event":"order-change","data":{id, orderId, status?, entry?}}, {"event":"subscribed",...}
// or {"event":"error","data":<problem>}. A bad token closes the connection with code 4401.
import type { IncomingMessage } from 'node:http';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { orderId, problem } from '@eventshop/contracts';
import { problemOf } from '@eventshop/service-runtime';
import type { Subscription as RxSubscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { FollowOrders, type Subscription } from '../../application/follow-orders';
import type { Caller } from '../../domain/caller';
import { AccessTokens } from '../auth/access-tokens';

const subscription = z.union([z.object({ orderId }).strict(), z.object({ mine: z.literal(true) }).strict()]);
const keyOf = (s: Subscription) => ('orderId' in s ? `order:${s.orderId}` : 'mine');

interface Connection {
  caller?: Caller;
  /** Verifying the token on connect; messages wait for it. */
  ready: Promise<Caller | undefined>;
  following: Map<string, RxSubscription>;
}

@WebSocketGateway({ path: '/api/v1/live' })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly connections = new WeakMap<WebSocket, Connection>();

  constructor(
    private readonly tokens: AccessTokens,
    private readonly followOrders: FollowOrders,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const token = new URL(request.url ?? '/', 'http://gateway').searchParams.get('token') ?? undefined;
    const connection: Connection = { following: new Map(), ready: Promise.resolve(undefined) };
    connection.ready = this.tokens.verify(token).then(
      (caller) => (connection.caller = caller),
      (error: unknown) => {
        send(socket, 'error', problemOf(error));
        socket.close(4401, 'unauthorized');
        return undefined;
      },
    );
    this.connections.set(socket, connection);
  }

  handleDisconnect(socket: WebSocket): void {
    for (const following of this.connections.get(socket)?.following.values() ?? []) following.unsubscribe();
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() body: unknown): Promise<void> {
    const connection = this.connections.get(socket);
    const caller = await connection?.ready;
    if (!connection || !caller) return;
    const parsed = subscription.safeParse(body);
    if (!parsed.success) return send(socket, 'error', problem(400, 'Invalid request', 'subscribe to {"orderId": "..."} or {"mine": true}'));
    const key = keyOf(parsed.data);
    if (connection.following.has(key)) return send(socket, 'subscribed', parsed.data);
    try {
      const changes = await this.followOrders.execute(caller, parsed.data);
      connection.following.set(
        key,
        changes.subscribe((change) => send(socket, 'order-change', change)),
      );
      send(socket, 'subscribed', parsed.data);
    } catch (error) {
      send(socket, 'error', problemOf(error));
    }
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() body: unknown): void {
    const parsed = subscription.safeParse(body);
    const connection = this.connections.get(socket);
    if (!parsed.success || !connection) return;
    connection.following.get(keyOf(parsed.data))?.unsubscribe();
    connection.following.delete(keyOf(parsed.data));
  }
}

function send(socket: WebSocket, event: string, data: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, data }));
}
