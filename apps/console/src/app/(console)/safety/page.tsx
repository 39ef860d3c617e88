import type { Metadata } from 'next';
import { SafetyView } from '~/components/safety/safety-view.tsx';

export const metadata: Metadata = { title: 'Safety rules' };

export default function SafetyPage() {
  return <SafetyView />;
}
