// The page's calls to the inspector's JSON endpoints.
import type { ActionResult, ChartDescription, HistoryView, ModuleDetailView, Overview } from '../wire-types.js';
import { TOKEN_HEADER, type InspectorAction } from './protocol.js';

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${path}: HTTP ${res.status}`);
  return body;
}

async function post<T>(path: string, token: string): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { [TOKEN_HEADER]: token } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${path}: HTTP ${res.status}`);
  return body;
}

export const api = {
  overview: () => getJson<Overview>('/api/overview'),
  chart: () => getJson<ChartDescription>('/api/chart.json'),
  async chartSvg(): Promise<string> {
    const res = await fetch('/api/chart.svg');
    if (!res.ok) throw new Error(`/api/chart.svg: HTTP ${res.status}`);
    return res.text();
  },
  module: (name: string) => getJson<ModuleDetailView>(`/api/modules/${encodeURIComponent(name)}`),
  history: (name: string, limit = 1000) => getJson<HistoryView>(`/api/modules/${encodeURIComponent(name)}/history?limit=${limit}`),
  act: (name: string, action: InspectorAction, token: string) =>
    post<ActionResult>(`/api/modules/${encodeURIComponent(name)}/${action}`, token),
  checkToken: (token: string) => post<{ ok: boolean }>('/api/token-check', token),
};
