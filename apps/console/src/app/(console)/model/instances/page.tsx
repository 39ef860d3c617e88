import type { Metadata } from 'next';
import { InstancesPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Instances' };

export default function Page() {
  return <InstancesPage />;
}
