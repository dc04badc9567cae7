# The bundle (apps/orders-gcp/bundle: index.js and a package.json with functions-framework as its
# one dependency) is the source of every function; the entry point picks the target.

data "archive_file" "bundle" {
  type        = "zip"
  source_dir  = "${path.module}/${var.bundle_dir}"
  output_path = "${path.module}/.terraform/orders-gcp-bundle.zip"
  excludes    = ["node_modules"]
}

resource "google_storage_bucket" "source" {
  name                        = "${var.project}-${var.name}-source"
  location                    = var.region
  uniform_bucket_level_access = true
  force_destroy               = true
}

resource "google_storage_bucket_object" "bundle" {
  name   = "bundle-${data.archive_file.bundle.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.bundle.output_path
}

# The HTTP functions and the `api` router: one URL each.
resource "google_cloudfunctions2_function" "http" {
  for_each = toset(local.http_functions)
  name     = "${var.name}-${lower(each.key)}"
  location = var.region

  build_config {
    runtime     = local.runtime
    entry_point = each.key
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.bundle.name
      }
    }
  }

  service_config {
    available_memory              = "256M"
    timeout_seconds               = 30
    max_instance_count            = var.max_instance_count
    service_account_email         = google_service_account.functions.email
    vpc_connector                 = google_vpc_access_connector.functions.id
    vpc_connector_egress_settings = "PRIVATE_RANGES_ONLY"
    environment_variables         = local.environment
    dynamic "secret_environment_variables" {
      for_each = local.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_version.database_url,
    google_secret_manager_secret_version.redis_url,
    google_secret_manager_secret_iam_member.functions_read,
  ]
}

# The queue function: Eventarc pushes each message on `orders` as a CloudEvent. RETRY_POLICY_RETRY
# is gcloud's --retry: without it a failed delivery is dropped instead of delivered again. The
# subscription Eventarc creates gets its dead-letter policy in pubsub.tf.
resource "google_cloudfunctions2_function" "process_order" {
  name     = "${var.name}-processorder"
  location = var.region

  build_config {
    runtime     = local.runtime
    entry_point = "processOrder"
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.bundle.name
      }
    }
  }

  service_config {
    available_memory              = "256M"
    timeout_seconds               = 60
    max_instance_count            = var.max_instance_count
    service_account_email         = google_service_account.functions.email
    vpc_connector                 = google_vpc_access_connector.functions.id
    vpc_connector_egress_settings = "PRIVATE_RANGES_ONLY"
    environment_variables         = local.environment
    dynamic "secret_environment_variables" {
      for_each = local.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.orders.id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  depends_on = [
    google_secret_manager_secret_version.database_url,
    google_secret_manager_secret_version.redis_url,
    google_secret_manager_secret_iam_member.functions_read,
  ]
}

# The schedule function: Cloud Scheduler publishes to `release-stale` (pubsub.tf). Not retried: it
# is idempotent and the next tick comes in five minutes.
resource "google_cloudfunctions2_function" "release_stale" {
  name     = "${var.name}-releasestale"
  location = var.region

  build_config {
    runtime     = local.runtime
    entry_point = "releaseStale"
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.bundle.name
      }
    }
  }

  service_config {
    available_memory              = "256M"
    timeout_seconds               = 120
    max_instance_count            = 1
    service_account_email         = google_service_account.functions.email
    vpc_connector                 = google_vpc_access_connector.functions.id
    vpc_connector_egress_settings = "PRIVATE_RANGES_ONLY"
    environment_variables         = local.environment
    dynamic "secret_environment_variables" {
      for_each = local.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.release_stale.id
    retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  depends_on = [
    google_secret_manager_secret_version.database_url,
    google_secret_manager_secret_version.redis_url,
    google_secret_manager_secret_iam_member.functions_read,
  ]
}

resource "google_cloud_run_service_iam_member" "public" {
  for_each = { for name, fn in google_cloudfunctions2_function.http : name => fn.service_config[0].service if var.public_api }
  location = var.region
  service  = each.value
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_service_iam_member" "trigger_invoke" {
  for_each = {
    processOrder = google_cloudfunctions2_function.process_order.service_config[0].service
    releaseStale = google_cloudfunctions2_function.release_stale.service_config[0].service
  }
  location = var.region
  service  = each.value
  role     = "roles/run.invoker"
  member   = google_service_account.trigger.member
}
