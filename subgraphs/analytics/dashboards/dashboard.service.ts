import type { EntityManager } from 'typeorm';
import { once, IDEMPOTENCY_KEY_REUSED, validateIdempotencyKey } from '../../../common/database/idempotency.ts';
import { isUuid } from '../../../common/database/uuid.ts';
import { userError, type UserError } from '../../../common/graphql/user-error.ts';
import { DashboardEntity, type Dashboard } from './dashboard.entity.ts';
import { checkTitle, parseWidgets, type WidgetInput } from './widget-spec.ts';

/** Who asks: row-level security keeps to the tenant, the user decides what of it they see. */
export interface Viewer {
  tenantId: string;
  userId: string;
}

export interface DashboardPayload {
  dashboard: Dashboard | null;
  errors: UserError[];
}

const NOT_FOUND = userError('NOT_FOUND', 'No such dashboard', ['id']);
const NOT_OWNER = userError('NOT_OWNER', 'Only the user who created a dashboard changes it', ['id']);

const visibleTo = (viewer: Viewer) => [{ ownerId: viewer.userId }, { shared: true }];

export async function findDashboard(manager: EntityManager, viewer: Viewer, id: string): Promise<Dashboard | null> {
  if (!isUuid(id)) return null;
  const dashboard = await manager.getRepository(DashboardEntity).findOneBy({ id });
  return dashboard && (dashboard.ownerId === viewer.userId || dashboard.shared) ? dashboard : null;
}

export const listDashboards = (manager: EntityManager, viewer: Viewer): Promise<Dashboard[]> =>
  manager.getRepository(DashboardEntity).find({ where: visibleTo(viewer), order: { name: 'ASC', id: 'ASC' } });

export async function createDashboard(
  manager: EntityManager,
  viewer: Viewer,
  input: { name: string; shared?: boolean | null; widgets: WidgetInput[]; idempotencyKey: string },
): Promise<DashboardPayload> {
  const name = input.name.trim();
  const { widgets, errors: widgetErrors } = parseWidgets(input.widgets);
  const errors = [
    ...checkTitle(name, ['name'], true),
    ...widgetErrors,
    ...validateIdempotencyKey(input.idempotencyKey),
  ];
  if (errors.length > 0) return { dashboard: null, errors };
  const request = { name, shared: input.shared ?? false, widgets };
  const claim = { tenantId: viewer.tenantId, operation: 'createDashboard', key: input.idempotencyKey, request };
  const outcome = await once(manager, claim, async () => {
    const saved = await manager
      .getRepository(DashboardEntity)
      .save({ ...request, tenantId: viewer.tenantId, ownerId: viewer.userId });
    return { dashboardId: saved.id };
  });
  if ('conflict' in outcome) return { dashboard: null, errors: [IDEMPOTENCY_KEY_REUSED] };
  return { dashboard: await findDashboard(manager, viewer, outcome.result.dashboardId), errors: [] };
}

export async function updateDashboard(
  manager: EntityManager,
  viewer: Viewer,
  input: { id: string; name?: string | null; shared?: boolean | null; widgets?: WidgetInput[] | null },
): Promise<DashboardPayload> {
  const dashboard = await findDashboard(manager, viewer, input.id);
  if (!dashboard) return { dashboard: null, errors: [NOT_FOUND] };
  if (dashboard.ownerId !== viewer.userId) return { dashboard: null, errors: [NOT_OWNER] };
  const name = input.name?.trim() ?? dashboard.name;
  const { widgets, errors: widgetErrors } = input.widgets
    ? parseWidgets(input.widgets)
    : { widgets: dashboard.widgets, errors: [] };
  const errors = [...checkTitle(name, ['name'], true), ...widgetErrors];
  if (errors.length > 0) return { dashboard: null, errors };
  const changed = { name, shared: input.shared ?? dashboard.shared, widgets };
  await manager.getRepository(DashboardEntity).update({ id: dashboard.id }, changed as never);
  return { dashboard: await findDashboard(manager, viewer, dashboard.id), errors: [] };
}

export async function deleteDashboard(
  manager: EntityManager,
  viewer: Viewer,
  id: string,
): Promise<{ deletedId: string | null; errors: UserError[] }> {
  const dashboard = await findDashboard(manager, viewer, id);
  if (!dashboard) return { deletedId: null, errors: [NOT_FOUND] };
  if (dashboard.ownerId !== viewer.userId) return { deletedId: null, errors: [NOT_OWNER] };
  await manager.getRepository(DashboardEntity).delete({ id: dashboard.id });
  return { deletedId: id, errors: [] };
}
