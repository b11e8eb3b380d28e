import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A simulated Nova flavor. */
@Entity('mock_flavors')
export class MockFlavorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'integer' })
  vcpus!: number;

  @Column({ type: 'integer' })
  ramMb!: number;

  @Column({ type: 'integer' })
  diskGb!: number;

  @Column({ type: 'boolean' })
  isPublic!: boolean;
}
