import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudFlavor } from '../compute/cloud-records';
import type { FlavorDto, FlavorListDto } from './dto/flavor.dto';

const toDto = (f: CloudFlavor): FlavorDto => ({
  id: f.id,
  name: f.name,
  vcpus: f.vcpus,
  ramMb: f.ramMb,
  diskGb: f.diskGb,
});

@Injectable()
export class FlavorsService {
  constructor(private readonly cloud: CloudCalls) {}

  async list(): Promise<FlavorListDto> {
    try {
      const flavors = await this.cloud.run((c) => c.listFlavors());
      const items = flavors
        .map(toDto)
        .sort((a, b) => a.ramMb - b.ramMb || a.diskGb - b.diskGb || a.id.localeCompare(b.id));
      return { items, nextCursor: null };
    } catch (error) {
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
  }

  async get(id: string): Promise<FlavorDto> {
    try {
      return toDto(await this.cloud.run((c) => c.getFlavor(id)));
    } catch (error) {
      throw fromCloudError(error, () => Errors.flavorNotFound(id));
    }
  }
}
