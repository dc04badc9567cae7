output "api_url" {
  description = "The whole HTTP API (the `api` router): POST /orders, GET /orders/:id, GET and PUT /inventory/:sku."
  value       = google_cloudfunctions2_function.http["api"].service_config[0].uri
}

output "function_urls" {
  description = "Each HTTP function on its own URL."
  value       = { for name, fn in google_cloudfunctions2_function.http : name => fn.service_config[0].uri }
}

output "dead_letter_subscription" {
  description = "Where dead-lettered messages wait: gcloud pubsub subscriptions pull <this>."
  value       = google_pubsub_subscription.orders_dead_letter.name
}
