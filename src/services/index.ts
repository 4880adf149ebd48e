import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { systemClock, type Clock } from './clock.js';
import { argon2Hasher, type PasswordHasher } from './crypto.js';
import { DemoService } from './demo.service.js';
import { DirectoryImportService } from './directory-import.service.js';
import { UnitService } from './unit.service.js';
import { UserService } from './user.service.js';

export interface Services {
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
  units: UnitService;
  users: UserService;
  directory: DirectoryImportService;
  demo: DemoService;
}

export type ServiceConfig = Pick<
  Config,
  'mode' | 'sessionSecret' | 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'lockoutMaxFailures' | 'lockoutWindowMinutes'
>;

/** Wires every service over one database. Tests pass a manual clock or a cheap hasher. */
export function createServices(
  database: Database,
  config: ServiceConfig,
  deps: { clock?: Clock; hasher?: PasswordHasher } = {},
): Services {
  const clock = deps.clock ?? systemClock;
  const hasher = deps.hasher ?? argon2Hasher;
  const audit = new AuditService(database, clock);
  const auth = new AuthService(database, clock, hasher, audit, {
    secret: config.sessionSecret,
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    maxFailures: config.lockoutMaxFailures,
    windowMinutes: config.lockoutWindowMinutes,
  });
  const units = new UnitService(database, clock, audit);
  const users = new UserService(database, clock, hasher, audit);
  const directory = new DirectoryImportService(database, units, users, hasher, audit, clock);
  const demo = new DemoService(database, clock, hasher, audit, config.mode);
  return { clock, audit, auth, units, users, directory, demo };
}
