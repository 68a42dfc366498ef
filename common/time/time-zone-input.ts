import { userError, type UserError } from '../graphql/user-error.ts';
import { isTimeZone } from './zoned-time.ts';

/** What is wrong with a time zone a caller gave: nothing for an IANA zone, INVALID_TIME_ZONE otherwise. */
export const timeZoneErrors = (timeZone: string): UserError[] =>
  isTimeZone(timeZone) ? [] : [userError('INVALID_TIME_ZONE', `${timeZone} is not an IANA time zone`, ['timeZone'])];
