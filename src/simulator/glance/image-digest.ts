import { createHash, type Hash } from 'node:crypto';

/** How much of the data's start Glance's qcow2 inspector reads (its header region). */
const HEADER_BYTES = 512;
const QCOW2_MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);

/**
 * What Glance computes while data streams in, without keeping it: the size, the md5
 * (`checksum`), the sha512 (`os_hash_value`) and the start of the data, from which its
 * format inspector reads the virtual size.
 */
export class ImageDigest {
  private readonly md5: Hash = createHash('md5');
  private readonly sha512: Hash = createHash('sha512');
  private header = Buffer.alloc(0);
  size = 0;

  update(piece: Uint8Array): void {
    this.md5.update(piece);
    this.sha512.update(piece);
    this.size += piece.length;
    if (this.header.length < HEADER_BYTES) {
      const room = HEADER_BYTES - this.header.length;
      this.header = Buffer.concat([this.header, Buffer.from(piece.subarray(0, room))]);
    }
  }

  /** The hex digests; call once, at the end. */
  finish(): { checksum: string; hashValue: string } {
    return { checksum: this.md5.digest('hex'), hashValue: this.sha512.digest('hex') };
  }

  /**
   * Glance's `virtual_size` (seen on Glance Zed): a raw image's size (null when empty);
   * the size in a qcow2 header (the `QFI\xfb` magic and a whole 512-byte header);
   * null for anything else, or data that does not match its format.
   */
  virtualSize(diskFormat: string | null): number | null {
    if (diskFormat === 'raw') return this.size > 0 ? this.size : null;
    if (diskFormat === 'qcow2' && this.header.length >= HEADER_BYTES) {
      if (!this.header.subarray(0, 4).equals(QCOW2_MAGIC)) return null;
      const size = Number(this.header.readBigUInt64BE(24));
      return size > 0 ? size : null;
    }
    return null;
  }
}
