import type { Metadata } from 'next';
import { FailoverView } from '~/components/failover/failover-view.tsx';

export const metadata: Metadata = { title: 'Failover' };

export default function FailoverPage() {
  return <FailoverView />;
}
