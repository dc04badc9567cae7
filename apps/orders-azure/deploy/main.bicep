// The orders app on Azure Functions (Node.js 22, programming model v4): the function app and its
// plan, the storage account with the orders queue, its poison queue and the tables, Application
// Insights on a Log Analytics workspace, the alert rules generated from the orders SLOs, and an
// alert on the poison queue. Deploy the code (bundle/, from `npm run build`) with
// `az functionapp deployment source config-zip` afterwards; see ../README.md.
targetScope = 'resourceGroup'

@description('Prefix of every resource name (lowercase letters, digits and dashes).')
@minLength(3)
@maxLength(12)
param name string = 'orders'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('The payment service processOrder charges (app setting PAYMENTS_URL).')
param paymentsUrl string

@description('Hosting plan: Y1 is Consumption; EP1 to EP3 are Elastic Premium (no cold starts, VNet).')
@allowed([
  'Y1'
  'EP1'
  'EP2'
  'EP3'
])
param planSku string = 'Y1'

@description('Operating system: linux runs linuxFxVersion NODE|22, windows WEBSITE_NODE_DEFAULT_VERSION ~22.')
@allowed([
  'linux'
  'windows'
])
param os string = 'linux'

@description('An e-mail address every alert notifies through a new action group; empty for none.')
param alertEmail string = ''

@description('Existing action groups the SLO page alerts notify.')
param pageActionGroupIds array = []

@description('Existing action groups the SLO ticket alerts and the poison queue alert notify.')
param ticketActionGroupIds array = []

@description('Days the Log Analytics workspace keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id, name)
var linux = os == 'linux'
var storageName = take(toLower('${replace(name, '-', '')}${suffix}'), 24)
var functionAppName = '${name}-func-${suffix}'

// The queue createOrder publishes to and processOrder reads; the host (or the function's poison
// output binding) moves what can not be processed to <queue>-poison.
var ordersQueue = 'orders'
var poisonQueue = '${ordersQueue}-poison'
// The orders and stock of AzureTableOrderStore, all in one partition (ORDERS_TABLE).
var ordersTable = 'orders'
// Idempotency records and the payment circuit breaker's shared state (ORDERS_STATE_TABLE).
var stateTable = 'ordersstate'

// Every function the app registers. The Node.js worker indexes them from the bundle at startup
// (they are not declared to Azure one by one); they are listed here for their kill switches,
// AzureWebJobs.<name>.Disabled. The template test keeps this list equal to the registrations.
var functions = [
  { name: 'createOrder', trigger: 'httpTrigger', route: 'orders', methods: 'POST' }
  { name: 'getOrder', trigger: 'httpTrigger', route: 'orders/{id}', methods: 'GET,HEAD' }
  { name: 'getInventory', trigger: 'httpTrigger', route: 'inventory/{sku}', methods: 'GET,HEAD' }
  { name: 'restock', trigger: 'httpTrigger', route: 'inventory/{sku}', methods: 'PUT' }
  { name: 'processOrder', trigger: 'queueTrigger', queue: 'orders' }
  { name: 'releaseStale', trigger: 'timerTrigger', schedule: '0 */5 * * * *' }
  { name: 'faasadeRouter', trigger: 'httpTrigger', route: '{*path}', methods: 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS' }
]

// ---------------------------------------------------------------------------------------------
// Storage: the host's own (AzureWebJobsStorage) and the app's queues and tables.

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in [ordersQueue, poisonQueue]: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in [ordersTable, stateTable]: {
    parent: tableService
    name: table
  }
]

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// ---------------------------------------------------------------------------------------------
// Telemetry: Application Insights on a Log Analytics workspace. The host sends its request and
// log telemetry there; faasade's spans and FaaS metrics (faas.invocations, faas.errors, ...)
// arrive through the Azure Monitor exporter, which APPLICATIONINSIGHTS_CONNECTION_STRING turns on.

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// The queue service's resource logs (StorageQueueLogs), from which the poison queue's depth is counted.
resource queueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'queue-logs'
  scope: queueService
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// The function app.

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: planSku == 'Y1' ? (linux ? 'linux' : 'functionapp') : 'elastic'
  sku: {
    name: planSku
    tier: planSku == 'Y1' ? 'Dynamic' : 'ElasticPremium'
  }
  properties: planSku == 'Y1' ? { reserved: linux } : { reserved: linux, maximumElasticWorkerCount: 20 }
}

var appSettings = [
  // The host's storage (leases, keys, timers) and the app's queue and tables.
  { name: 'AzureWebJobsStorage', value: storageConnection }
  // Where Consumption and Elastic Premium plans keep the app's files.
  { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: storageConnection }
  { name: 'WEBSITE_CONTENTSHARE', value: toLower(functionAppName) }
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'node' }
  // A configuration error thrown by the entry stops the app instead of leaving it without functions.
  { name: 'FUNCTIONS_NODE_BLOCK_ON_ENTRY_POINT_ERROR', value: 'true' }
  // Stack traces point into src/ through the bundle's source map.
  { name: 'languageWorkers__node__arguments', value: '--enable-source-maps' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  { name: 'PAYMENTS_URL', value: paymentsUrl }
  { name: 'ORDERS_TABLE', value: ordersTable }
  { name: 'ORDERS_STATE_TABLE', value: stateTable }
  { name: 'FAASADE_LOG_LEVEL', value: 'info' }
]
var nodeVersionSetting = linux ? [] : [{ name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~22' }]
var killSwitches = [for fn in functions: { name: 'AzureWebJobs.${fn.name}.Disabled', value: 'false' }]

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: functionAppName
  location: location
  kind: linux ? 'functionapp,linux' : 'functionapp'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    reserved: linux
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linux ? 'NODE|22' : null
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
      appSettings: concat(appSettings, nodeVersionSetting, killSwitches)
    }
  }
  dependsOn: [
    queues
    tables
  ]
}

// ---------------------------------------------------------------------------------------------
// Alerts.

resource oncall 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${name}-oncall-${suffix}'
  location: 'global'
  properties: {
    groupShortName: take('${name}oncall', 12)
    enabled: true
    emailReceivers: [
      { name: 'oncall', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

var emailGroups = empty(alertEmail) ? [] : [oncall.id]

// The burn-rate alerts of every orders SLO (generated: npm run slo -w @faasade/orders-azure).
module sloAlerts 'slo/orders-slo-alerts.json' = {
  name: '${name}-slo-alerts'
  params: {
    applicationInsightsId: appInsights.id
    location: location
    pageActionGroupIds: concat(pageActionGroupIds, emailGroups)
    ticketActionGroupIds: concat(ticketActionGroupIds, emailGroups)
  }
}

// Any message in orders-poison is an order that ended FAILED: someone should look at it.
resource poisonDepth 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${name}-${poisonQueue}-depth'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'orders: messages in the ${poisonQueue} queue'
    description: 'Messages that processOrder could not process after all its attempts (or that were invalid) are in ${poisonQueue}. Each is an order marked FAILED with its stock released. Read them, fix the cause, then delete them (or re-queue them to ${ordersQueue}).'
    severity: 2
    enabled: true
    evaluationFrequency: 'PT5M'
    windowSize: 'P2D'
    scopes: [
      workspace.id
    ]
    criteria: {
      allOf: [
        {
          query: replace(replace(loadTextContent('queries/poison-depth.kql'), '{account}', storage.name), '{poisonQueue}', poisonQueue)
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'depth'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: concat(ticketActionGroupIds, emailGroups)
      customProperties: {
        queue: poisonQueue
        runbook_url: 'https://github.com/faasade/faasade/blob/main/apps/orders-azure/README.md#when-orders-poison-has-messages'
      }
    }
  }
  dependsOn: [
    queueLogs
  ]
}

output functionAppName string = functionApp.name
output apiUrl string = 'https://${functionApp.properties.defaultHostName}/api'
output storageAccountName string = storage.name
output applicationInsightsName string = appInsights.name
output logAnalyticsWorkspaceName string = workspace.name
