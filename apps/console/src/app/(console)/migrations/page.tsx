import type { Metadata } from 'next';
import { MigrationsView } from '~/components/migrations/migrations-view.tsx';

export const metadata: Metadata = { title: 'Migrations' };

export default function MigrationsPage() {
  return <MigrationsView />;
}
