import type { Metadata } from 'next';
import { MigrationDetail } from '~/components/migrations/migration-detail.tsx';

export const metadata: Metadata = { title: 'Migration' };

export default async function MigrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MigrationDetail id={decodeURIComponent(id)} />;
}
