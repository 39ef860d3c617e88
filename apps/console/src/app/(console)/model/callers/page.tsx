import type { Metadata } from 'next';
import { CallersPage } from '~/components/model/pages.tsx';

export const metadata: Metadata = { title: 'Callers' };

export default function Page() {
  return <CallersPage />;
}
