import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { firmServices, firms, offices, userServices, users, type ServiceType } from '../../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { servicesWithMissions } from './file-stages.ts';
import type { FileMission } from './file-view.ts';

export interface FileAssignments {
  firmId: string | null;
  officeId: string | null;
  holderUserId: string | null;
  partnerUserId: string | null;
  missions: FileMission[];
}

const serviceNames: Record<ServiceType, string> = {
  accounting: 'Comptabilité',
  legal: 'Juridique',
  payroll: 'Social / Paie',
  tax: 'Fiscal',
  audit: 'Audit',
  wealth: 'Gestion de patrimoine',
  training: 'Formation',
  consulting: 'Conseil',
  other: 'Autre',
};

/**
 * Checks who and what a file is assigned to, as the product's dropdowns would: the firm must
 * offer the file's service, the office must be one of that firm's, the holder, the partner and
 * each mission's executor must be active staff with access to that service. Each refusal names
 * its field and says what to grant (and where) to make the choice possible.
 */
export async function assertFileAssignments(db: Db, organisationId: string, serviceType: ServiceType, file: FileAssignments): Promise<void> {
  const problems: FieldProblem[] = [];
  const service = `${serviceNames[serviceType]} (${serviceType})`;
  if (file.firmId) {
    const [firm] = await db.select({ id: firms.id, name: firms.name }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, file.firmId)));
    if (!firm) {
      problems.push({ field: 'firmId', location: 'body', message: 'unknown firm' });
    } else {
      const [offered] = await db.select().from(firmServices).where(and(eq(firmServices.firmId, firm.id), eq(firmServices.serviceType, serviceType)));
      if (!offered) {
        problems.push({
          field: 'firmId',
          location: 'body',
          message: `the firm “${firm.name}” does not offer the ${service} service; grant it under Administration > Cabinets > Services`,
        });
      }
    }
  }
  if (file.officeId) {
    const [office] = await db.select({ firmId: offices.firmId }).from(offices).where(and(eq(offices.organisationId, organisationId), eq(offices.id, file.officeId)));
    if (!office) problems.push({ field: 'officeId', location: 'body', message: 'unknown office' });
    else if (!file.firmId) problems.push({ field: 'officeId', location: 'body', message: 'choose the firm before its office' });
    else if (office.firmId !== file.firmId) problems.push({ field: 'officeId', location: 'body', message: 'this office belongs to another firm' });
  }
  if (file.missions.length > 0 && !(servicesWithMissions as readonly string[]).includes(serviceType)) {
    problems.push({ field: 'missions', location: 'body', message: 'only accounting and legal files list the missions of their contract type' });
  }
  const people: Array<{ field: string; userId: string }> = [
    ...(file.holderUserId ? [{ field: 'holderUserId', userId: file.holderUserId }] : []),
    ...(file.partnerUserId ? [{ field: 'partnerUserId', userId: file.partnerUserId }] : []),
    ...file.missions.map((mission, index) => ({ field: `missions.${index}.executorUserId`, userId: mission.executorUserId })),
  ];
  if (people.length > 0) {
    const ids = [...new Set(people.map((person) => person.userId))];
    const known = await db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), inArray(users.id, ids), isNull(users.deactivatedAt)));
    const withService = await db
      .select({ userId: userServices.userId })
      .from(userServices)
      .where(and(inArray(userServices.userId, ids), eq(userServices.serviceType, serviceType)));
    for (const person of people) {
      const user = known.find((k) => k.id === person.userId);
      if (!user) problems.push({ field: person.field, location: 'body', message: 'unknown or deactivated user' });
      else if (!withService.some((access) => access.userId === user.id)) {
        problems.push({
          field: person.field,
          location: 'body',
          message: `${user.firstName} ${user.lastName} has no access to the ${service} service; grant it under Collaborateurs > Liste des collaborateurs > Droits d’accès aux services`,
        });
      }
    }
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}
