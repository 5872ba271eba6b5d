// Entry point of the inspector page: loads the chart, connects the live feed, sets up the
// actions token (URL fragment or form) and the timers.
import { api } from './api.js';
import { byId } from './dom.js';
import { startGovernancePanel } from './governance-panel.js';
import { InspectorApp } from './inspector-app.js';
import { connectLive } from './live-connection.js';
import { storedToken, storeToken, takeTokenFromFragment } from './token.js';

const app = new InspectorApp({ daemonRestarted: () => void recheckToken() });

// A restarted daemon has a new token: the old one is checked again and dropped when refused.
async function recheckToken(): Promise<void> {
  const token = storedToken();
  if (token === null) return;
  try {
    await api.checkToken(token);
  } catch {
    storeToken(null);
    app.setToken(null, 'locked: the daemon restarted');
    byId('token-message').textContent = 'the daemon restarted: enter its new actions token';
  }
}

async function useToken(candidate: string | null): Promise<void> {
  if (candidate === null) return app.setToken(null);
  const message = byId('token-message');
  try {
    await api.checkToken(candidate);
    storeToken(candidate);
    app.setToken(candidate);
    message.textContent = '';
  } catch (error) {
    storeToken(null);
    app.setToken(null);
    message.textContent = (error as Error).message;
  }
}

function wireTokenForm(): void {
  const form = byId<HTMLFormElement>('token-form');
  const input = byId<HTMLInputElement>('token-input');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void useToken(input.value.trim() || null).then(() => (input.value = ''));
  });
  byId('token-forget').addEventListener('click', () => {
    storeToken(null);
    app.setToken(null);
  });
}

async function start(): Promise<void> {
  wireTokenForm();
  await useToken(takeTokenFromFragment() ?? storedToken());
  await app.loadChart();
  connectLive(app);
  startGovernancePanel();
  let ticks = 0;
  window.setInterval(() => app.tick(++ticks % 4 === 0), 250);
}

start().catch((error: Error) => {
  byId('fatal').textContent = `the inspector page could not start: ${error.message}`;
  byId('fatal').hidden = false;
});
