/**
 * Monthly disclosure (the 1st, 03:00 Asia/Shanghai) of the month just closed. This
 * job settles which month is disclosed and runs once per scheduled time; the
 * exports themselves arrive with statistics and disclosure (issue #7).
 */
import { addDays, businessDate } from '../core/calendar';
import { scheduledJob } from './scheduled-job';

export const handler = scheduledJob('monthly-disclosure', async (scheduledTime) => ({
  month: addDays(`${businessDate(scheduledTime, 'Asia/Shanghai').slice(0, 7)}-01`, -1).slice(0, 7),
}));
