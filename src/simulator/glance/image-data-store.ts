import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** The most bytes one row of `mock_image_data` holds. */
export const CHUNK_BYTES = 1024 * 1024;

const TABLE = 'mock_image_data';

/**
 * An image's bytes in the database (ADR 16): rows of at most `CHUNK_BYTES`, keyed by
 * (image, seq) from 0, `blob` on SQLite and `bytea` on PostgreSQL, so every replica reads
 * what any replica wrote. No entity maps the table (TypeORM has no binary type both
 * drivers take): it is reached by name, through the ambient transaction.
 */
export class ImageDataStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(imageId: string, seq: number, data: Buffer): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(TABLE, ['imageId', 'seq', 'data'])
      .values({ imageId, seq, data })
      .updateEntity(false)
      .execute();
  }

  /** The chunk `seq` of the image, or null when there is none. */
  async read(imageId: string, seq: number): Promise<Buffer | null> {
    const row = await this.txHost.tx
      .createQueryBuilder()
      .select('d.data', 'data')
      .from(TABLE, 'd')
      .where('d."imageId" = :imageId AND d.seq = :seq', { imageId, seq })
      .getRawOne<{ data: Buffer | Uint8Array }>();
    if (!row) return null;
    return Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data);
  }

  /** Removes every chunk of the image. */
  async delete(imageId: string): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .delete()
      .from(TABLE)
      .where('"imageId" = :imageId', { imageId })
      .execute();
  }

  /** How many chunks the image has. */
  async count(imageId: string): Promise<number> {
    const row = await this.txHost.tx
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(TABLE, 'd')
      .where('d."imageId" = :imageId', { imageId })
      .getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }
}
