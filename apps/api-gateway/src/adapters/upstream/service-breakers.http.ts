// The breakers of the services that call the outside world, from each one's GET /breakers, asked in
// parallel; a service that does not answer is reported as such instead of failing the whole answer.
import type { ServiceBreakers, ServiceBreakerStates } from '../../application/ports/service-breakers';
import type { HttpUpstream } from './http-upstream';

export class HttpServiceBreakers implements ServiceBreakers {
  constructor(private readonly services: HttpUpstream[]) {}

  states(): Promise<ServiceBreakerStates[]> {
    return Promise.all(
      this.services.map(async (service): Promise<ServiceBreakerStates> => {
        try {
          const { breakers } = (await service.request<Pick<ServiceBreakerStates, 'breakers'>>('GET', '/breakers')).body;
          return { service: service.name, breakers };
        } catch (error) {
          return { service: service.name, breakers: [], unavailable: (error as Error).message };
        }
      }),
    );
  }
}
