// Types of the prom-client files src/metrics/prom-parts.ts imports one by one (the package
// declares only its index): each file's export is the same class or function as the index's.
declare module 'prom-client/lib/registry.js' {
  const Registry: typeof import('prom-client').Registry;
  export = Registry;
}
declare module 'prom-client/lib/counter.js' {
  const Counter: typeof import('prom-client').Counter;
  export = Counter;
}
declare module 'prom-client/lib/gauge.js' {
  const Gauge: typeof import('prom-client').Gauge;
  export = Gauge;
}
declare module 'prom-client/lib/histogram.js' {
  const Histogram: typeof import('prom-client').Histogram;
  export = Histogram;
}
// Each default collector registers its families into the registry given, names prefixed.
declare module 'prom-client/lib/metrics/*.js' {
  const collector: (registry: import('prom-client').Registry, config: { prefix?: string }) => void;
  export = collector;
}
