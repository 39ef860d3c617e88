import type { Metadata } from 'next';
import { DraftView } from '~/components/draft/draft-view.tsx';

export const metadata: Metadata = { title: 'Draft & publish' };

export default function DraftPage() {
  return <DraftView />;
}
