/** Where the API's routes live; the daemon registers them and the CLI calls them by these names. */
export const API_PATHS = {
  health: '/v1/health',
  status: '/v1/status',
  check: '/v1/check',
  issues: '/v1/issues',
  issue: (id: number | string) => `/v1/issues/${id}`,
  resetRemediation: (id: number | string) => `/v1/issues/${id}/reset-remediation`,
  approvals: '/v1/approvals',
  approval: (id: number | string) => `/v1/approvals/${id}`,
  approve: (id: number | string) => `/v1/approvals/${id}/approve`,
  reject: (id: number | string) => `/v1/approvals/${id}/reject`,
  notify: '/v1/notify',
  logs: '/v1/logs',
  trigger: '/v1/trigger',
  alertmanager: '/v1/alertmanager',
  metrics: '/metrics',
} as const;
