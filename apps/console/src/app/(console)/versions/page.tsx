import type { Metadata } from 'next';
import { VersionsView } from '~/components/versions/versions-view.tsx';

export const metadata: Metadata = { title: 'Versions' };

export default function VersionsPage() {
  return <VersionsView />;
}
