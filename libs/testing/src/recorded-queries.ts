// Which statements a piece of code sends: a stand-in for a transaction (or a pool, a client) that
// records the text of every query through it and passes it on. For tests of how many round trips, and
// which, a use case makes — e.g. that a new order's streams are never read.
type Queryable = { query: (...args: never[]) => unknown };

export function recordedQueries<T extends Queryable>(target: T): { through: T; texts: string[] } {
  const texts: string[] = [];
  const through = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (property === 'query') {
        return (...args: unknown[]) => {
          const [config] = args as [string | { text: string }];
          texts.push(typeof config === 'string' ? config : config.text);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
  return { through, texts };
}
