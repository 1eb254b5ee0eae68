import { useEffect, useState } from 'react';
import { createApiClient, type HostInfo } from '../../shared/api';
import { PRODUCT_NAME } from '../../shared/product';

type HostState =
  | { status: 'absent' }
  | { status: 'loading' }
  | { status: 'ready'; info: HostInfo }
  | { status: 'failed'; message: string };

export function App() {
  const [host, setHost] = useState<HostState>(() => (window.nasStudio ? { status: 'loading' } : { status: 'absent' }));

  useEffect(() => {
    const api = window.nasStudio;
    if (!api) return;
    // StrictMode mounts twice in dev; drop the answer of an unmounted effect.
    let mounted = true;
    createApiClient(api).call('hostInfo').then(
      (info) => mounted && setHost({ status: 'ready', info }),
      (error: unknown) => mounted && setHost({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      mounted = false;
    };
  }, []);

  return (
    <main>
      <h1>{PRODUCT_NAME}</h1>
      <p className="tagline">Differentiable neural architecture search on TensorFlow.js</p>
      <HostPanel host={host} />
    </main>
  );
}

function HostPanel({ host }: { host: HostState }) {
  switch (host.status) {
    case 'absent':
      return <p>No host connected: this page was opened without the desktop shell.</p>;
    case 'loading':
      return <p>Asking the host…</p>;
    case 'failed':
      return <p role="alert">The host did not answer: {host.message}</p>;
    case 'ready':
      return <HostDetails info={host.info} />;
  }
}

function HostDetails({ info }: { info: HostInfo }) {
  const { runtime, tfjs } = info;
  return (
    <section>
      <h2>Host</h2>
      <dl>
        <dt>Version</dt>
        <dd>{info.product.version}</dd>
        <dt>Runtime</dt>
        <dd>
          {runtime.electron ? `Electron ${runtime.electron}, Chrome ${runtime.chrome ?? '?'}, ` : ''}
          Node {runtime.node} on {runtime.platform}/{runtime.arch}
        </dd>
        <dt>TensorFlow.js</dt>
        <dd>{tfjs.version ?? 'not installed'}</dd>
      </dl>
      <h2>Backend packages</h2>
      <p className="hint">The engine prefers tensorflow (native), then wasm; cpu only when asked.</p>
      <table>
        <thead>
          <tr>
            <th>Backend</th>
            <th>Package</th>
            <th>Installed</th>
          </tr>
        </thead>
        <tbody>
          {tfjs.backends.map((entry) => (
            <tr key={entry.package}>
              <td>{entry.backend}</td>
              <td>
                <code>{entry.package}</code>
              </td>
              <td>{entry.installed ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
