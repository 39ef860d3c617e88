import { router } from '../../trpc.ts';
import { reconDifferencesRoute } from './differences.ts';
import { reconFiltersRouter } from './filters.ts';
import { reconRepairRoute } from './repair.ts';
import { reconReportRoute } from './report.ts';
import { reconRerunRoute } from './rerun.ts';

export const reconRouter = router({
  report: reconReportRoute,
  differences: reconDifferencesRoute,
  repair: reconRepairRoute,
  rerun: reconRerunRoute,
  filters: reconFiltersRouter,
});
