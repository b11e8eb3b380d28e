import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  NotEquals,
  ValidateIf,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** Glance's default `image_size_cap`: 1 TiB. */
export const IMAGE_UPLOAD_CAP_BYTES = 1024 ** 4;

/** The development admin key: documented, so refused in production. */
export const DEV_ADMIN_API_KEY = 'dev-admin-key-change-me-0123456789abcdef';

/**
 * The process environment as this service reads it. Validated once at boot;
 * nothing else in the code base reads `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @Transform(toBool)
  @IsBoolean()
  USE_MOCK_OPENSTACK = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  MOCK_OPENSTACK_LATENCY_MS = 0;

  @IsIn(['sqlite', 'postgres'])
  DATABASE_TYPE: 'sqlite' | 'postgres' = 'sqlite';

  @IsString()
  @MinLength(1)
  DATABASE_PATH = 'data/vm-lifecycle.sqlite';

  @ValidateIf((env: EnvironmentVariables) => env.DATABASE_TYPE === 'postgres')
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production')
  @IsString()
  @MinLength(32)
  @NotEquals(DEV_ADMIN_API_KEY, { message: 'ADMIN_API_KEY must not be the development default' })
  ADMIN_API_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  RECONCILE_INTERVAL_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  RECONCILE_IDLE_INTERVAL_MS = 30_000;

  /** Serve the OpenStack-compatible API (Keystone/Nova/Glance) over the simulator. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  OPENSTACK_API_ENABLED?: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  OPENSTACK_API_TOKEN_TTL_SECONDS = 3600;

  /** Base URL the OpenStack-compatible API advertises in its catalog (default: from the Host header). */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  OPENSTACK_API_PUBLIC_URL?: string;

  /** Real client: per-request timeout, connection to last body byte. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  OPENSTACK_TIMEOUT_MS = 30_000;

  /** Real client: retries of an idempotent request (GET, token) after the first attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  OPENSTACK_MAX_RETRIES = 3;

  /** Real client: consecutive upstream failures (5xx gateway, timeout, connection) that open the circuit. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  OPENSTACK_BREAKER_THRESHOLD = 5;

  /** Real client: how long an open circuit fails fast before one probe request is let through. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  OPENSTACK_BREAKER_COOLDOWN_MS = 30_000;

  /**
   * Browser origins allowed to call the API (CORS), comma-separated, e.g.
   * `https://console.example.com,https://ops.example.com`. Empty: CORS stays off.
   */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** Requests one API key (or one address, without a key) may make per window; 0 turns limiting off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RATE_LIMIT_REQUESTS = 6000;

  /** The rate limit's window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** How often the retention pass prunes expired and long-deleted rows; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  RETENTION_INTERVAL_MS = 60_000;

  /** How long deleted servers and their action history are kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3650)
  RETENTION_DELETED_HOURS = 168;

  /**
   * The largest image upload taken (`PUT /api/v1/images/{id}/file`, and the simulated
   * Glance's data uploads): 10 GiB by default, at most 1 TiB (Glance's own cap).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(IMAGE_UPLOAD_CAP_BYTES)
  IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 ** 3;
}
