import type { Metadata } from 'next';
import { DegradationView } from '~/components/degradation/degradation-view.tsx';

export const metadata: Metadata = { title: 'Degradation' };

export default function DegradationPage() {
  return <DegradationView />;
}
