/** The OTEL_* variables that decide whether an app exports traces (read before its configuration). */
export type TracingEnv = Readonly<Record<string, string | undefined>>;

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Whether this process traces: off by default, on once an exporter is named — an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an explicit
 * `OTEL_TRACES_EXPORTER` other than `none` — unless `OTEL_SDK_DISABLED=true`. The SDK itself
 * would export to `localhost:4318` by default; Ficus does not load it at all unless asked, so a
 * deployment without a collector pays nothing and logs no export errors.
 */
export function tracingEnabled(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean) ?? [];
  if (exporters.includes('none')) return false;
  return exporters.length > 0 || set(env.OTEL_EXPORTER_OTLP_ENDPOINT) || set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
