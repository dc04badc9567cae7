#!/usr/bin/env bash
# Builds the bundle and applies deploy/terraform: the functions (Cloud Run functions, nodejs22),
# the `orders` topic with its dead-letter topic and policy, the Cloud Scheduler job, Cloud SQL,
# Memorystore, and the Cloud Monitoring SLOs and alerts.
#
#   PROJECT=shop-prod PAYMENTS_URL=https://payments.example.com deploy/deploy.sh [terraform apply options]
#
# Optional: REGION (europe-west1), OTLP_ENDPOINT (an OpenTelemetry Collector for traces and the
# SLO metrics). Needs npm, terraform >= 1.5 and gcloud, logged in (gcloud auth login and
# gcloud auth application-default login) with rights to create all of the above.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${PROJECT:?set PROJECT to the Google Cloud project}"
: "${PAYMENTS_URL:?set PAYMENTS_URL to the payment service base URL}"

(cd "$here/../../.." && npm run build -w @faasade/orders-gcp)

tf=(terraform -chdir="$here/terraform")
"${tf[@]}" init -input=false
"${tf[@]}" apply -input=false \
  -var "project=$PROJECT" \
  -var "region=${REGION:-europe-west1}" \
  -var "payments_url=$PAYMENTS_URL" \
  -var "otlp_endpoint=${OTLP_ENDPOINT:-}" \
  "$@"

echo "The API: $("${tf[@]}" output -raw api_url)"
