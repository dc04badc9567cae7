variable "project" {
  type        = string
  description = "The Google Cloud project to deploy to."
}

variable "region" {
  type        = string
  default     = "europe-west1"
  description = "Where the functions, Cloud SQL, Memorystore and the scheduler job run."
}

variable "name" {
  type        = string
  default     = "orders"
  description = "Prefix of the resource names (functions are <name>-<function>)."
}

variable "payments_url" {
  type        = string
  description = "The payment service's base URL (PAYMENTS_URL)."
}

variable "bundle_dir" {
  type        = string
  default     = "../../bundle"
  description = "The built bundle (npm run build -w @faasade/orders-gcp), relative to this directory."
}

variable "max_delivery_attempts" {
  type        = number
  default     = 5
  description = "Deliveries of an order.created message before it is dead-lettered: the subscription's max delivery attempts and processOrder's maxAttempts (MAX_DELIVERY_ATTEMPTS), always the same number."
  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "Pub/Sub accepts 5 to 100 delivery attempts."
  }
}

variable "otlp_endpoint" {
  type        = string
  default     = ""
  description = "An OpenTelemetry Collector (OTLP/gRPC) exporting to Cloud Monitoring and Cloud Trace; the SLOs read its faas.* metrics. Empty: no telemetry."
}

variable "public_api" {
  type        = bool
  default     = true
  description = "Let anyone invoke the HTTP functions (allUsers as Cloud Run invoker)."
}

variable "max_instance_count" {
  type        = number
  default     = 10
  description = "Instances per function at most; with DB_POOL_MAX (5) it bounds the Cloud SQL connections."
}

variable "database_tier" {
  type        = string
  default     = "db-custom-1-3840"
  description = "The Cloud SQL machine type."
}

variable "redis_memory_size_gb" {
  type        = number
  default     = 1
  description = "The Memorystore instance's size."
}

variable "deletion_protection" {
  type        = bool
  default     = true
  description = "Protect the Cloud SQL instance from terraform destroy."
}

variable "dead_letter_notification_channels" {
  type        = list(string)
  default     = []
  description = "Notification channels of the alert on messages in the dead-letter topic."
}
