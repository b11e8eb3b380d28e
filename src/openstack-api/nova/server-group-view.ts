import type { ServerGroupRow } from '../../simulator';
import { userIdOf } from '../keystone/token-body';

/**
 * Nova's server group view (`_format_server_group` in
 * nova/api/openstack/compute/server_groups.py), by microversion: below 2.64 `policies`
 * (a list of one) and an empty `metadata`; from 2.64 `policy` and `rules`; from 2.13 the
 * owner's `project_id` and `user_id`. Members are the live servers, newest first.
 */
export function serverGroupView({ group, members }: ServerGroupRow, minor: number) {
  const view: Record<string, unknown> = { id: group.id, name: group.name };
  if (minor >= 64) {
    view.policy = group.policy;
    view.rules = { ...group.rules };
  } else {
    view.policies = [group.policy];
    view.metadata = {};
  }
  view.members = [...members];
  if (minor >= 13) {
    view.project_id = group.projectId;
    view.user_id = userIdOf(group.projectId);
  }
  return view;
}
