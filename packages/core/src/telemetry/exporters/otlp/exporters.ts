export { OtlpGrpcMetricExporter } from './metric-exporter';
export { OtlpGrpcSpanExporter } from './span-exporter';
