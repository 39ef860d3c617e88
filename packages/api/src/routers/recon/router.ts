import { router } from '../../trpc.ts';
import { reconReportRoute } from './report.ts';

export const reconRouter = router({ report: reconReportRoute });
