import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SimulatorModule } from '../simulator';
import { OpenStackFaults } from './faults/openstack-faults';
import { OpenStackFaultsController } from './faults/openstack-faults.controller';
import { OpenStackApiContext } from './openstack-api-context';

/**
 * The OpenStack-compatible API over the simulator: its shared context and the admin
 * endpoint for fault injection. The routes themselves are mounted by
 * `registerOpenStackApi` (from `configureApp`), outside Nest's routing.
 */
@Module({
  imports: [AuthModule, SimulatorModule],
  controllers: [OpenStackFaultsController],
  providers: [OpenStackFaults, OpenStackApiContext],
})
export class OpenStackApiModule {}
