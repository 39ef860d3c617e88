import type { Metadata } from 'next';
import { RegionsPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Regions' };

export default function Page() {
  return <RegionsPage />;
}
