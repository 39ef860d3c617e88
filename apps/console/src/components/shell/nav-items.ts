/** The console's navigation, in the order on-call reaches for it. */
export interface TNavItem {
  href: string;
  label: string;
  children?: ReadonlyArray<TNavItem>;
}

export const NAV_ITEMS: ReadonlyArray<TNavItem> = [
  { href: '/', label: 'Overview' },
  { href: '/dashboards', label: 'Dashboards' },
  { href: '/failover', label: 'Failover' },
  { href: '/degradation', label: 'Degradation' },
  { href: '/migrations', label: 'Migrations' },
  {
    href: '/model/regions',
    label: 'Model',
    children: [
      { href: '/model/regions', label: 'Regions' },
      { href: '/model/instances', label: 'Instances' },
      { href: '/model/codes', label: 'Codes' },
      { href: '/model/encoding-rules', label: 'Encoding rules' },
      { href: '/model/key-types', label: 'Key types' },
      { href: '/model/callers', label: 'Callers' },
    ],
  },
  { href: '/draft', label: 'Draft & publish' },
  { href: '/versions', label: 'Versions' },
  { href: '/fleet', label: 'Fleet' },
  { href: '/safety', label: 'Safety rules' },
  { href: '/audit', label: 'Audit' },
  { href: '/notifications', label: 'Notifications' },
  { href: '/tools', label: 'Tools' },
];
