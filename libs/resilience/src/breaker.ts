// A circuit breaker for calls to the outside world: opossum does the state machine (closed -> open ->
// half-open trial -> closed), and this class judges when to open, by the policy's count-based window
// of failures and slow calls — opossum alone judges by time and knows no slow calls.
import CircuitBreaker from 'opossum';
import { defaultBreakerPolicy, type BreakerPolicy } from './breaker-policy';
import { CallWindow } from './call-window';
import { BreakerOpen, BulkheadFull } from './errors';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type StateListener = (name: string, state: BreakerState, reason?: string) => void;

export interface BreakerOptions {
  policy?: Partial<BreakerPolicy>;
  /** A business answer (a declined card) is not the provider failing: it neither counts nor opens. */
  isBusinessError?(error: unknown): boolean;
  logger?: BreakerLogger;
  onStateChange?: StateListener;
}

export interface BreakerStats {
  state: BreakerState;
  calls: number;
  failureRate: number;
  slowCallRate: number;
  inFlight: number;
  /** Why it opened, while it is open. */
  reason?: string;
}

export class Breaker<Args extends unknown[], Result> {
  readonly policy: BreakerPolicy;
  private readonly circuit: CircuitBreaker<Args, Result>;
  private readonly window: CallWindow;
  private inFlight = 0;
  private openReason?: string;
  private readonly listeners: StateListener[] = [];

  constructor(
    readonly name: string,
    action: (...args: Args) => Promise<Result>,
    private readonly options: BreakerOptions = {},
  ) {
    this.policy = { ...defaultBreakerPolicy, ...options.policy };
    this.window = new CallWindow(this.policy.windowSize);
    this.circuit = new CircuitBreaker(action, {
      name,
      timeout: this.policy.timeoutMs,
      resetTimeout: this.policy.openDurationMs,
      errorThresholdPercentage: 100, // never trips by opossum's own (time-based) statistics: we judge
      errorFilter: (error: unknown) => options.isBusinessError?.(error) ?? false,
    });
    this.circuit.on('open', () => this.changed('open', this.openReason ?? 'the half-open trial call failed'));
    this.circuit.on('halfOpen', () => this.changed('half-open'));
    this.circuit.on('close', () => {
      this.window.reset();
      this.changed('closed');
    });
  }

  get state(): BreakerState {
    if (this.circuit.opened) return 'open';
    return this.circuit.halfOpen ? 'half-open' : 'closed';
  }

  stats(): BreakerStats {
    const { calls, failureRate, slowCallRate } = this.window;
    const state = this.state;
    return { state, calls, failureRate, slowCallRate, inFlight: this.inFlight, ...(state === 'open' && this.openReason ? { reason: this.openReason } : {}) };
  }

  /** Calls through the breaker; rejects with BreakerOpen or BulkheadFull without calling when it must. */
  async fire(...args: Args): Promise<Result> {
    if (this.inFlight >= this.policy.maxConcurrent) throw new BulkheadFull(this.name, this.policy.maxConcurrent);
    const trial = this.circuit.halfOpen;
    const started = performance.now();
    this.inFlight++;
    try {
      const result = await this.circuit.fire(...args);
      this.judge({ failed: false, slow: performance.now() - started >= this.policy.slowCallDurationMs }, trial);
      return result;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') throw new BreakerOpen(this.name, this.openReason);
      const business = this.options.isBusinessError?.(error) ?? false;
      this.judge({ failed: !business, slow: performance.now() - started >= this.policy.slowCallDurationMs }, trial);
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  /** Adds a listener for state changes (metrics, dashboards), beside options.onStateChange. */
  onStateChange(listener: StateListener): void {
    this.listeners.push(listener);
  }

  /** Opens the breaker now (an operator's or a health check's decision). */
  open(reason: string): void {
    this.openReason = reason;
    this.circuit.open();
  }

  shutdown(): void {
    this.circuit.shutdown();
  }

  private judge(outcome: { failed: boolean; slow: boolean }, trial: boolean): void {
    if (trial) {
      // opossum closes on a successful trial; a slow one is no sign of recovery.
      if (outcome.slow && !outcome.failed) this.open('the half-open trial call was slow');
      return;
    }
    if (this.state !== 'closed') return;
    this.window.record(outcome);
    const verdict = this.window.verdict(this.policy);
    if (verdict.open) this.open(verdict.reason);
  }

  private changed(state: BreakerState, reason?: string): void {
    this.options.logger?.[state === 'closed' ? 'info' : 'warn']({ breaker: this.name, state, reason }, `breaker ${this.name} is ${state}`);
    this.options.onStateChange?.(this.name, state, reason);
    for (const listener of this.listeners) listener(this.name, state, reason);
    if (state !== 'open') this.openReason = undefined;
  }
}
