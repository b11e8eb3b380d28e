import type { MetricsService } from '../../metrics/metrics.service';
import type { OpenStackHttpObserver } from './http-exchange';

/** Records the real client's HTTP exchanges in Prometheus (`openstack_http_*`). */
export class MetricsHttpObserver implements OpenStackHttpObserver {
  constructor(private readonly metrics: MetricsService) {}

  onExchange(exchange: Parameters<OpenStackHttpObserver['onExchange']>[0]): void {
    const { service, method, outcome, seconds } = exchange;
    this.metrics.openstackHttpRequests.inc({ service, method, status: String(outcome) });
    this.metrics.openstackHttpDuration.observe({ service, method }, seconds);
  }
}
