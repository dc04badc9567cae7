# The orders app (apps/orders) on Cloud Run functions, built by apps/orders-gcp. One bundle, one
# function per app function (the entry point is the function's name), plus `api`, the router that
# serves every HTTP function behind one URL.

locals {
  runtime = "nodejs22"

  # The app's HTTP functions and the router. processOrder (queue) and releaseStale (schedule) are
  # in functions.tf with their triggers.
  http_functions = ["api", "createOrder", "getOrder", "getInventory", "restock"]

  environment = merge(
    {
      GOOGLE_CLOUD_PROJECT     = var.project
      PAYMENTS_URL             = var.payments_url
      ORDERS_TOPIC             = google_pubsub_topic.orders.name
      ORDERS_DEAD_LETTER_TOPIC = google_pubsub_topic.orders_dead_letter.name
      MAX_DELIVERY_ATTEMPTS    = tostring(var.max_delivery_attempts)
      DB_SCHEMA                = "orders"
      REDIS_KEY_PREFIX         = "orders:"
      LOG_EXECUTION_ID         = "true"
      # Express's error page for a body it can not parse shows a stack trace unless this is set.
      NODE_ENV                 = "production"
    },
    var.otlp_endpoint == "" ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT = var.otlp_endpoint },
  )

  # Connection strings with credentials, from Secret Manager.
  secrets = {
    DATABASE_URL = google_secret_manager_secret.database_url.secret_id
    REDIS_URL    = google_secret_manager_secret.redis_url.secret_id
  }

  pubsub_agent = "service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

data "google_project" "this" {}

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "eventarc.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "redis.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
    "vpcaccess.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}

# What the functions run as: publish to the topics, read the two secrets. Nothing else.
resource "google_service_account" "functions" {
  account_id   = "${var.name}-functions"
  display_name = "The ${var.name} functions"
}

# What Eventarc pushes as: invoke processOrder and releaseStale.
resource "google_service_account" "trigger" {
  account_id   = "${var.name}-trigger"
  display_name = "Eventarc triggers of the ${var.name} functions"
}

resource "google_pubsub_topic_iam_member" "functions_publish" {
  for_each = {
    orders      = google_pubsub_topic.orders.id
    dead_letter = google_pubsub_topic.orders_dead_letter.id
  }
  topic  = each.value
  role   = "roles/pubsub.publisher"
  member = google_service_account.functions.member
}

resource "google_secret_manager_secret_iam_member" "functions_read" {
  for_each  = local.secrets
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.functions.member
}

resource "google_project_iam_member" "trigger_receive" {
  project = var.project
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.trigger.member
}

# Pub/Sub signs the push requests Eventarc sends to the functions as its service agent (projects
# made before April 2021 lack this grant).
resource "google_project_iam_member" "pubsub_agent_tokens" {
  project = var.project
  role    = "roles/iam.serviceAccountTokenCreator"
  member  = "serviceAccount:${local.pubsub_agent}"
}
