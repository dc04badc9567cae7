# Cloud Monitoring. The SLOs and their burn-rate alert policies are in orders-slo.tf.json,
# generated from the orders objectives (packages/slo/examples/orders.slo.ts; npm run slo).

# Every message in the dead-letter topic is an order that ended FAILED (its stock released) or a
# message that could never be processed: someone should look at each.
resource "google_monitoring_alert_policy" "dead_letters" {
  display_name = "orders: messages in the dead-letter topic"
  combiner     = "OR"
  severity     = "ERROR"

  conditions {
    display_name = "orders-dead-letter-keep has undelivered messages"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.orders_dead_letter.name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      Messages reached orders-dead-letter: orders whose payment failed on every delivery (they are
      FAILED, their stock released) or messages processOrder could never handle (attribute
      faasade_dead_letter_reason). Read them with
      `gcloud pubsub subscriptions pull orders-dead-letter-keep --limit=10`, fix the cause (the
      payment service? the logs of processOrder, by messageId), then acknowledge them.
    EOT
  }

  notification_channels = var.dead_letter_notification_channels
  user_labels = {
    service = "orders"
    alert   = "dead-letter"
  }
}
