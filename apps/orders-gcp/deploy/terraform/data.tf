# Cloud SQL for PostgreSQL (the orders and the stock) and Memorystore for Redis (idempotency
# records and the payment circuit breaker), both on private IPs in one VPC, which the functions
# reach through a Serverless VPC Access connector. The connection strings go to Secret Manager.

resource "google_compute_network" "orders" {
  name                    = var.name
  auto_create_subnetworks = false
  depends_on              = [google_project_service.apis]
}

resource "google_compute_global_address" "private_services" {
  name          = "${var.name}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.orders.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.orders.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

resource "google_vpc_access_connector" "functions" {
  name          = "${var.name}-functions"
  region        = var.region
  network       = google_compute_network.orders.name
  ip_cidr_range = "10.8.0.0/28"
  min_instances = 2
  max_instances = 3
}

# The Cloud SQL connection: private IP only, TLS required.
resource "google_sql_database_instance" "orders" {
  name                = var.name
  region              = var.region
  database_version    = "POSTGRES_16"
  deletion_protection = var.deletion_protection
  depends_on          = [google_service_networking_connection.private_services]

  settings {
    tier              = var.database_tier
    edition           = "ENTERPRISE"
    availability_type = "REGIONAL"
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.orders.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}

resource "google_sql_database" "orders" {
  name     = "orders"
  instance = google_sql_database_instance.orders.name
}

resource "random_password" "database" {
  length  = 32
  special = false
}

resource "google_sql_user" "orders" {
  name     = "orders"
  instance = google_sql_database_instance.orders.name
  password = random_password.database.result
}

resource "google_redis_instance" "state" {
  name               = "${var.name}-state"
  region             = var.region
  tier               = "BASIC"
  memory_size_gb     = var.redis_memory_size_gb
  redis_version      = "REDIS_7_2"
  authorized_network = google_compute_network.orders.id
  connect_mode       = "PRIVATE_SERVICE_ACCESS"
  auth_enabled       = true
  depends_on         = [google_service_networking_connection.private_services]
}

resource "google_secret_manager_secret" "database_url" {
  secret_id = "${var.name}-database-url"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

# sslmode=no-verify: encrypted; the server is reached on its private IP, inside the VPC.
resource "google_secret_manager_secret_version" "database_url" {
  secret      = google_secret_manager_secret.database_url.id
  secret_data = "postgres://${google_sql_user.orders.name}:${random_password.database.result}@${google_sql_database_instance.orders.private_ip_address}:5432/${google_sql_database.orders.name}?sslmode=no-verify"
}

resource "google_secret_manager_secret" "redis_url" {
  secret_id = "${var.name}-redis-url"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "redis_url" {
  secret      = google_secret_manager_secret.redis_url.id
  secret_data = "redis://:${google_redis_instance.state.auth_string}@${google_redis_instance.state.host}:${google_redis_instance.state.port}"
}
