# The `orders` topic, its dead-letter topic, and the Cloud Scheduler job of releaseStale.

resource "google_pubsub_topic" "orders" {
  name       = "orders"
  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "orders_dead_letter" {
  name       = "orders-dead-letter"
  depends_on = [google_project_service.apis]
}

# Keeps what is dead-lettered (exhausted deliveries, and invalid messages the adapter publishes)
# for a week, to inspect and replay; its backlog is what monitoring.tf alerts on.
resource "google_pubsub_subscription" "orders_dead_letter" {
  name                       = "orders-dead-letter-keep"
  topic                      = google_pubsub_topic.orders_dead_letter.id
  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60
  expiration_policy {
    ttl = ""
  }
}

# Pub/Sub forwards a message to the dead-letter topic as its own service agent.
resource "google_pubsub_topic_iam_member" "dead_letter_forward" {
  topic  = google_pubsub_topic.orders_dead_letter.id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${local.pubsub_agent}"
}

# Eventarc created processOrder's push subscription, and Terraform cannot manage it: give it the
# dead-letter policy with gcloud, and let the service agent acknowledge on it (required to forward).
# Max delivery attempts = var.max_delivery_attempts = processOrder's maxAttempts (MAX_DELIVERY_ATTEMPTS).
resource "terraform_data" "orders_dead_letter_policy" {
  triggers_replace = [
    google_cloudfunctions2_function.process_order.event_trigger[0].trigger,
    google_pubsub_topic.orders_dead_letter.id,
    var.max_delivery_attempts,
  ]

  provisioner "local-exec" {
    interpreter = ["bash", "-c"]
    command     = <<-EOT
      set -euo pipefail
      sub=$(gcloud eventarc triggers describe "${google_cloudfunctions2_function.process_order.event_trigger[0].trigger}" \
        --format='value(transport.pubsub.subscription)')
      gcloud pubsub subscriptions update "$sub" --project=${var.project} \
        --dead-letter-topic=${google_pubsub_topic.orders_dead_letter.id} \
        --max-delivery-attempts=${var.max_delivery_attempts} \
        --min-retry-delay=10s --max-retry-delay=600s
      gcloud pubsub subscriptions add-iam-policy-binding "$sub" --project=${var.project} \
        --member=serviceAccount:${local.pubsub_agent} --role=roles/pubsub.subscriber
    EOT
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_forward]
}

resource "google_pubsub_topic" "release_stale" {
  name       = "release-stale"
  depends_on = [google_project_service.apis]
}

# releaseStale is schedule({ every: '5m' }): every five minutes.
resource "google_cloud_scheduler_job" "release_stale" {
  name      = "release-stale"
  region    = var.region
  schedule  = "*/5 * * * *"
  time_zone = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.release_stale.id
    data       = base64encode("{}")
  }
}
