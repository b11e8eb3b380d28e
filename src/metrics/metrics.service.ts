import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { ServerEntity } from '../servers/server.entity';

/**
 * Prometheus metrics. One registry per app instance (not prom-client's global one),
 * so several apps in one test process do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'openstack_calls_total',
    help: 'Calls to the OpenStack cloud by service, operation and outcome',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'openstack_call_duration_seconds',
    help: 'Latency of calls to the OpenStack cloud by service and operation',
    labelNames: ['service', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** Every HTTP request the real client sends (auth and retries included), by service. */
  readonly openstackHttpRequests = new Counter({
    name: 'openstack_http_requests_total',
    help: 'HTTP requests sent to OpenStack APIs by service (identity/compute/image/network), method and status (or timeout/connect/io)',
    labelNames: ['service', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly openstackHttpDuration = new Histogram({
    name: 'openstack_http_request_duration_seconds',
    help: 'Latency of HTTP requests to OpenStack APIs by service and method',
    labelNames: ['service', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(txHost: TransactionHost<TransactionalAdapterTypeOrm>, uow: UnitOfWork) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'servers_by_status',
      help: 'Servers in the inventory by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await uow.read(() =>
          txHost.tx
            .getRepository(ServerEntity)
            .createQueryBuilder('s')
            .select('s.status', 'status')
            .addSelect('COUNT(*)', 'count')
            .where('s.deletedAt IS NULL')
            .groupBy('s.status')
            .getRawMany<{ status: string; count: string | number }>(),
        );
        this.reset();
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });
  }
}
