import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  /** @example "ok" */
  status!: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['ok', 'failed'] })
  database!: 'ok' | 'failed';
  @ApiProperty({ enum: ['ok', 'failed'] })
  openstack!: 'ok' | 'failed';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';
  checks!: ReadinessChecksDto;
}
