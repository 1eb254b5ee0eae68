import { useEffect, useState } from 'react';

// Hash routes, so the same bundle works from Electron's file:// page and from `nas-studio serve`:
//   #/runs  #/new[?clone=ID|template=NAME|preset=ID]  #/run/ID  #/compare?ids=A,B  #/help[?topic=ID]

export type Route =
  | { screen: 'runs' }
  | { screen: 'new'; clone?: string; template?: string; preset?: string }
  | { screen: 'run'; id: string }
  | { screen: 'compare'; ids: string[] }
  | { screen: 'help'; topic?: string };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'new':
      return { screen: 'new', clone: q.get('clone') ?? undefined, template: q.get('template') ?? undefined, preset: q.get('preset') ?? undefined };
    case 'run':
      return parts[1] ? { screen: 'run', id: decodeURIComponent(parts[1]) } : { screen: 'runs' };
    case 'compare':
      return { screen: 'compare', ids: (q.get('ids') ?? '').split(',').filter(Boolean) };
    case 'help':
      return { screen: 'help', topic: q.get('topic') ?? undefined };
    default:
      return { screen: 'runs' };
  }
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'runs':
      return '#/runs';
    case 'new': {
      const q = new URLSearchParams();
      if (route.clone) q.set('clone', route.clone);
      if (route.template) q.set('template', route.template);
      if (route.preset) q.set('preset', route.preset);
      const s = q.toString();
      return `#/new${s ? `?${s}` : ''}`;
    }
    case 'run':
      return `#/run/${encodeURIComponent(route.id)}`;
    case 'compare':
      return `#/compare?ids=${route.ids.join(',')}`;
    case 'help':
      return `#/help${route.topic ? `?topic=${encodeURIComponent(route.topic)}` : ''}`;
  }
}

export const navigate = (route: Route): void => {
  location.hash = href(route);
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
