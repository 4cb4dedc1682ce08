// The methods the service answers on a path, read from the Express router Nest registered its routes
// in: a known path asked with another method is a 405 with `Allow` (RFC 9110), not a 404.
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

export interface RoutedRequest {
  path: string;
  app?: { router?: { stack: RouteLayer[] } };
}

export function allowedMethods(request: RoutedRequest): string[] {
  const methods = new Set<string>();
  for (const layer of request.app?.router?.stack ?? []) {
    if (!layer.route || !layer.match(request.path)) continue;
    for (const [method, handled] of Object.entries(layer.route.methods)) if (handled && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD'); // Express answers HEAD wherever it answers GET
  return [...methods].sort((a, b) => order(a) - order(b));
}

const usual = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const order = (method: string) => (usual.includes(method) ? usual.indexOf(method) : usual.length);
